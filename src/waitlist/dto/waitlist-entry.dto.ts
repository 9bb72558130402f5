import { ApiProperty } from '@nestjs/swagger';
import { WaitlistEntry } from '../waitlist-entry.entity';
import { WaitlistStatus } from '../waitlist-status';
import { ApiInteger, ApiUuid } from '../../platform/http/api-types';

export class WaitlistEntryDto {
  @ApiUuid()
  id: string;
  @ApiUuid()
  eventId: string;
  @ApiUuid()
  tierId: string;
  @ApiProperty({ enum: WaitlistStatus, enumName: 'WaitlistStatus', example: WaitlistStatus.Waiting })
  status: WaitlistStatus;
  /** 1-based place in the tier's queue among waiting and offered entries; null once the entry is closed. */
  @ApiInteger({ example: 3, nullable: true })
  position: number | null;
  /** How many tickets were asked for. */
  @ApiInteger({ example: 2 })
  quantity: number;
  /** While offered (and after): how many units the offer reserved; may be fewer than asked for. */
  @ApiInteger({ example: 2, nullable: true })
  offeredQuantity: number | null;
  /** While offered: claim before this instant, or the offer lapses and rolls on. */
  offerExpiresAt: Date | null;
  /** The pending order a claim created. */
  @ApiUuid({ nullable: true })
  orderId: string | null;
  createdAt: Date;

  static from(entry: WaitlistEntry, position: number | null): WaitlistEntryDto {
    return {
      id: entry.id,
      eventId: entry.eventId,
      tierId: entry.tierId,
      status: entry.status,
      position,
      quantity: entry.quantity,
      offeredQuantity: entry.offeredQuantity,
      offerExpiresAt: entry.offerExpiresAt,
      orderId: entry.orderId,
      createdAt: entry.createdAt,
    };
  }
}
