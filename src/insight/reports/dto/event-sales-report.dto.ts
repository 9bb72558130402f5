import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';

/** Money is in minor units of `currency`, with booking fees; refunds are what went back to buyers. */
export class SalesTotalsDto {
  /** Units sold and not refunded (the tiers' `sold`). */
  @ApiInteger({ example: 180 })
  ticketsSold: number;
  /** Everything paid orders charged, fees included. */
  @ApiInteger({ example: 459000 })
  gross: number;
  @ApiInteger({ example: 5100 })
  refunded: number;
  /** gross - refunded. */
  @ApiInteger({ example: 453900 })
  net: number;
  /** The tax in `gross` (every line's tax, rounded per line; added on top or included). */
  @ApiInteger({ example: 76500 })
  tax: number;
  /** The tax given back by credit notes (part of `refunded`). */
  @ApiInteger({ example: 850 })
  taxRefunded: number;
  /** The booking fees in `gross` (not taxed). */
  @ApiInteger({ example: 9000 })
  fees: number;
  @ApiInteger({ example: 12 })
  checkedIn: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
}

export class WaitlistCountsDto {
  /** Entries waiting for freed units. */
  @ApiInteger({ example: 4 })
  waiting: number;
  /** Entries holding an open offer (its units are in `held`). */
  @ApiInteger({ example: 1 })
  offered: number;
}

/** One tier. Money here is face value (quantity × unit price), without booking fees. */
export class TierSalesDto {
  @ApiUuid()
  tierId: string;
  name: string;
  /** The tier's current price, minor units. */
  @ApiInteger({ example: 2500 })
  price: number;
  @ApiInteger({ example: 200 })
  capacity: number;
  @ApiInteger({ example: 180 })
  sold: number;
  /** Units in pending orders and open waitlist offers. */
  @ApiInteger({ example: 6 })
  held: number;
  @ApiInteger({ example: 14 })
  available: number;
  /** Face value of every unit of this tier in a paid order. */
  @ApiInteger({ example: 455000 })
  gross: number;
  /** What this tier's lines in paid orders came to without tax (after discounts). */
  @ApiInteger({ example: 379167 })
  netOfTax: number;
  /** The tax of this tier's lines in paid orders. */
  @ApiInteger({ example: 75833 })
  tax: number;
  /** Face value of this tier's refunded (void) tickets. */
  @ApiInteger({ example: 5000 })
  refunded: number;
  @ApiInteger({ example: 12 })
  checkedIn: number;
  waitlist: WaitlistCountsDto;
}

/** Sales on one calendar day in the event's own timezone, by when the orders were paid. */
export class DaySalesDto {
  @ApiProperty({ example: '2030-05-14', description: "YYYY-MM-DD in the event's timezone" })
  date: string;
  /** Units in the orders paid that day (refunds later on are not taken off). */
  @ApiInteger({ example: 40 })
  ticketsSold: number;
  /** What the orders paid that day charged, fees included, minor units. */
  @ApiInteger({ example: 102000 })
  gross: number;
}

/** One code that was used or is held. */
export class CodeSalesDto {
  @ApiUuid()
  codeId: string;
  @ApiProperty({ example: 'SUMMER25' })
  code: string;
  @ApiProperty({ enum: ['discount', 'access', 'presale'], example: 'discount' })
  kind: string;
  /** Null: unlimited. */
  @ApiInteger({ nullable: true, example: 100 })
  maxUses: number | null;
  /** Paid orders carrying the code and not wholly refunded (a use is one order). */
  @ApiInteger({ example: 40 })
  used: number;
  /** Pending orders carrying it. */
  @ApiInteger({ example: 2 })
  held: number;
  /** What the code took off those paid orders, minor units. */
  @ApiInteger({ example: 25000 })
  discount: number;
}

export class EventSalesReportDto {
  @ApiUuid()
  eventId: string;
  /** The event's IANA timezone, which `byDay` uses. */
  @ApiProperty({ example: 'Europe/Berlin' })
  timezone: string;
  generatedAt: Date;
  /**
   * When the money and check-in figures (`gross`, `refunded`, `net`, `checkedIn`, `byDay`) were computed: they
   * include every change committed before this instant. The worker refreshes them every REPORT_REFRESH_SECONDS
   * (60 by default), so they are at most that plus the refresh itself behind. Unit counters (`ticketsSold`, `sold`, `held`, `available`), codes and waitlist
   * counts are live.
   */
  figuresAsOf: Date;
  totals: SalesTotalsDto;
  /** Every tier that is not deleted, hidden ones included, in display order. */
  @ApiProperty({ type: [TierSalesDto] })
  byTier: TierSalesDto[];
  /** Days with at least one paid order, oldest first. */
  @ApiProperty({ type: [DaySalesDto] })
  byDay: DaySalesDto[];
  /** Codes used or held at least once, most used first. */
  @ApiProperty({ type: [CodeSalesDto] })
  byCode: CodeSalesDto[];
}
