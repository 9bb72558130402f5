import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
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
  checkedInAt: Date;
  /** The user who scanned it. */
  @ApiUuid()
  checkedInBy: string;
}
