import { ApiProperty } from '@nestjs/swagger';
import type { Event } from '../../events/event.entity';
import { TicketTier } from '../ticket-tier.entity';
import { tierAvailability, TierSaleStatus } from '../tier-availability';
import { TierWaitlistCountsDto } from './tier-waitlist-counts.dto';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';

/** A tier with its live availability at the time of the response. */
export class TierDto {
  @ApiUuid()
  id: string;
  @ApiUuid()
  eventId: string;
  @ApiProperty({ example: 'Early bird' })
  name: string;
  description: string | null;
  /** In minor units of `currency` (e.g. 2500 = €25.00). */
  @ApiInteger({ example: 2500 })
  price: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  @ApiInteger({ example: 500 })
  capacity: number;
  @ApiInteger()
  sold: number;
  /** Units in pending orders and open waitlist offers. */
  @ApiInteger()
  held: number;
  /** `capacity - sold - held`. */
  @ApiInteger()
  available: number;
  @ApiProperty({ enum: TierSaleStatus, enumName: 'TierSaleStatus' })
  status: TierSaleStatus;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
  @ApiInteger()
  minPerOrder: number;
  @ApiInteger()
  maxPerOrder: number;
  /** Hidden tiers are listed only to the promoter's members and admins. */
  hidden: boolean;
  @ApiInteger()
  sortOrder: number;
  createdAt: Date;
  updatedAt: Date;
  /** Members and admins only: the tier's waiting and offered waitlist entries. */
  waitlist?: TierWaitlistCountsDto;

  static from(tier: TicketTier, event: Event, now: Date, waitlist?: TierWaitlistCountsDto): TierDto {
    const availability = tierAvailability(
      { ...tier, event: { ...event, deleted: event.deletedAt !== null } },
      now,
    );
    return {
      id: tier.id,
      eventId: tier.eventId,
      name: tier.name,
      description: tier.description,
      price: tier.price,
      currency: event.currency,
      ...availability,
      salesStartAt: tier.salesStartAt,
      salesEndAt: tier.salesEndAt,
      minPerOrder: tier.minPerOrder,
      maxPerOrder: tier.maxPerOrder,
      hidden: tier.hidden,
      sortOrder: tier.sortOrder,
      createdAt: tier.createdAt,
      updatedAt: tier.updatedAt,
      ...(waitlist ? { waitlist } : {}),
    };
  }
}
