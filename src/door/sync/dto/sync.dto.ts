import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SigningKeyDto } from '../../../checkout/tickets/dto/signing-keys.dto';
import { TicketStatus, TicketVoidReason } from '../../../checkout/tickets/ticket.entity';
import { ApiInteger } from '../../../platform/http/api-types';

export class SyncQueryDto {
  /** The `nextCursor` of the previous answer; omit it for a full sync. */
  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  cursor?: string;

  /** Tickets per page (1–1000, default 500). */
  @ApiInteger({ required: false, default: 500, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 500;
}

/** The ticket's state on this list. */
export class SyncListStateDto {
  /** In now (re-entry lists); without re-entry, true once admitted. */
  inside: boolean;
  firstEntryAt: Date;
  /** The device that admitted it first, or null when a staff member scanned online. */
  firstEntryDeviceId: string | null;
  firstEntryUserId: string | null;
  lastScanAt: Date;
  /** Entries and exits counted on this list. */
  @ApiInteger()
  scans: number;
}

export class SyncTicketDto {
  ticketId: string;
  tierId: string;
  attendeeName: string;
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' })
  status: TicketStatus;
  @ApiProperty({ type: String, enum: [...Object.values(TicketVoidReason), null], nullable: true })
  voidReason: TicketVoidReason | null;
  voidedAt: Date | null;
  /** Offered for resale: the code admits nobody until the holder withdraws it. */
  listedForResale: boolean;
  /** The ticket's first admission on any list. */
  checkedInAt: Date | null;
  /** Null until the ticket is admitted on this list. */
  @ApiProperty({ type: SyncListStateDto, nullable: true })
  state: SyncListStateDto | null;
}

/** The rules a scanner applies offline: the list as it is now. */
export class SyncListDto {
  id: string;
  eventId: string;
  name: string;
  @ApiProperty({ type: [String], format: 'uuid' })
  tierIds: string[];
  @ApiProperty({ type: [String] })
  gates: string[];
  validFrom: Date | null;
  validUntil: Date | null;
  allowReentry: boolean;
  updatedAt: Date;
}

export class SyncPageDto {
  list: SyncListDto;
  /** The public keys that verify ticket codes offline (the first signs new codes). */
  @ApiProperty({ type: [SigningKeyDto] })
  signingKeys: SigningKeyDto[];
  /** Every ticket of the list's tiers whose state changed since the cursor, by ticket id. */
  @ApiProperty({ type: [SyncTicketDto] })
  items: SyncTicketDto[];
  /** Send it back as `cursor`: on the next page while `hasMore`, later for what changed since. */
  nextCursor: string;
  hasMore: boolean;
  /** True when this answer starts over (no cursor, or the list changed since the cursor): drop what you hold. */
  reset: boolean;
  serverTime: Date;
}
