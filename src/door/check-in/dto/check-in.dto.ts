import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ApiUuid } from '../../../platform/http/api-types';

export class CheckInDto {
  /** The code read from the ticket's QR. */
  @ApiProperty({
    example:
      'AHk2n1Xv0kq3mQy8c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  code: string;

  /** The check-in list the scanner works for (`GET /events/{id}/check-in-lists`). */
  @ApiProperty({ format: 'uuid', example: '0b6f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e' })
  @IsUUID()
  listId: string;

  /** The gate the scanner stands at; must be one of the list's gates when it names any. */
  @ApiProperty({ example: 'North', required: false })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  gate?: string;
}

export class CheckInResultDto {
  @ApiUuid()
  ticketId: string;
  @ApiUuid()
  orderId: string;
  @ApiUuid()
  eventId: string;
  @ApiUuid()
  tierId: string;
  /** The tier's name, to show at the door (e.g. "VIP"). */
  tierName: string;
  attendeeName: string;
  @ApiUuid()
  listId: string;
  @ApiProperty({ type: String, nullable: true, example: 'North' })
  gate: string | null;
  /** `entry`, or `exit` on a re-entry list when the holder was inside. */
  @ApiProperty({ enum: ['entry', 'exit'], example: 'entry' })
  direction: 'entry' | 'exit';
  /** Whether the holder is inside now, on this list. */
  inside: boolean;
  /** This scan's time. */
  scannedAt: Date;
  /** The first admission on this list. */
  checkedInAt: Date;
  /** The user who admitted it first on this list (null when an offline device did). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  checkedInBy: string | null;
}
