import { ApiProperty } from '@nestjs/swagger';
import type { Event } from '../../events/event.entity';
import { CodeTerms, codeOpensPresale, unitDiscount } from '../../codes/code-rules';
import { AttendeeDetailsPolicy } from '../../questions/question-type';
import { TicketTier } from '../ticket-tier.entity';
import { TaxMode } from '../tax-mode';
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
  /** The tax rate in basis points (2000 = 20%). */
  @ApiInteger({ example: 2000 })
  taxRateBps: number;
  /** `inclusive`: `price` includes the tax; `exclusive`: the tax is added on top at checkout. */
  @ApiProperty({ enum: TaxMode, enumName: 'TaxMode' })
  taxMode: TaxMode;
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
  /** Whether each ticket's attendee name and email must be given before payment. */
  @ApiProperty({ enum: AttendeeDetailsPolicy, enumName: 'AttendeeDetailsPolicy' })
  attendeeDetails: AttendeeDetailsPolicy;
  createdAt: Date;
  updatedAt: Date;
  /** Members and admins only: the tier's waiting and offered waitlist entries. */
  waitlist?: TierWaitlistCountsDto;
  /** In an event read with a discount `code` that covers this tier: the price of one ticket with the code. */
  @ApiInteger({ required: false, example: 1875 })
  priceWithCode?: number;

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
      taxRateBps: tier.taxRateBps,
      taxMode: tier.taxMode,
      ...availability,
      salesStartAt: tier.salesStartAt,
      salesEndAt: tier.salesEndAt,
      minPerOrder: tier.minPerOrder,
      maxPerOrder: tier.maxPerOrder,
      hidden: tier.hidden,
      sortOrder: tier.sortOrder,
      attendeeDetails: tier.attendeeDetails,
      createdAt: tier.createdAt,
      updatedAt: tier.updatedAt,
      ...(waitlist ? { waitlist } : {}),
    };
  }

  /**
   * The tier as the holder of `code` sees it: a presale code shows a tier it opens as on sale (or sold out)
   * before its window, and a discount code adds the price with the code.
   */
  static seenWithCode(tier: TierDto, code: CodeTerms): TierDto {
    const opened = tier.status === TierSaleStatus.NotStarted && codeOpensPresale(code, tier.id);
    const off = unitDiscount(code, tier.id, tier.price);
    return {
      ...tier,
      ...(opened ? { status: tier.available > 0 ? TierSaleStatus.OnSale : TierSaleStatus.SoldOut } : {}),
      ...(off > 0 ? { priceWithCode: tier.price - off } : {}),
    };
  }
}
