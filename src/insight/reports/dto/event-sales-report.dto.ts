import { ApiProperty } from '@nestjs/swagger';

/** Money is in minor units of `currency`, with booking fees; refunds are what went back to buyers. */
export class SalesTotalsDto {
  /** Units sold and not refunded (the tiers' `sold`). */
  @ApiProperty({ example: 180 })
  ticketsSold: number;
  /** Everything paid orders charged, fees included. */
  @ApiProperty({ example: 459000 })
  gross: number;
  @ApiProperty({ example: 5100 })
  refunded: number;
  /** gross - refunded. */
  @ApiProperty({ example: 453900 })
  net: number;
  @ApiProperty({ example: 12 })
  checkedIn: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
}

export class WaitlistCountsDto {
  /** Entries waiting for freed units. */
  @ApiProperty({ example: 4 })
  waiting: number;
  /** Entries holding an open offer (its units are in `held`). */
  @ApiProperty({ example: 1 })
  offered: number;
}

/** One tier. Money here is face value (quantity × unit price), without booking fees. */
export class TierSalesDto {
  tierId: string;
  name: string;
  /** The tier's current price, minor units. */
  @ApiProperty({ example: 2500 })
  price: number;
  @ApiProperty({ example: 200 })
  capacity: number;
  @ApiProperty({ example: 180 })
  sold: number;
  /** Units in pending orders and open waitlist offers. */
  @ApiProperty({ example: 6 })
  held: number;
  @ApiProperty({ example: 14 })
  available: number;
  /** Face value of every unit of this tier in a paid order. */
  @ApiProperty({ example: 455000 })
  gross: number;
  /** Face value of this tier's refunded (void) tickets. */
  @ApiProperty({ example: 5000 })
  refunded: number;
  @ApiProperty({ example: 12 })
  checkedIn: number;
  waitlist: WaitlistCountsDto;
}

/** Sales on one calendar day in the event's own timezone, by when the orders were paid. */
export class DaySalesDto {
  @ApiProperty({ example: '2030-05-14', description: "YYYY-MM-DD in the event's timezone" })
  date: string;
  /** Units in the orders paid that day (refunds later on are not taken off). */
  @ApiProperty({ example: 40 })
  ticketsSold: number;
  /** What the orders paid that day charged, fees included, minor units. */
  @ApiProperty({ example: 102000 })
  gross: number;
}

export class EventSalesReportDto {
  eventId: string;
  /** The event's IANA timezone, which `byDay` uses. */
  @ApiProperty({ example: 'Europe/Berlin' })
  timezone: string;
  generatedAt: Date;
  totals: SalesTotalsDto;
  /** Every tier that is not deleted, hidden ones included, in display order. */
  @ApiProperty({ type: [TierSalesDto] })
  byTier: TierSalesDto[];
  /** Days with at least one paid order, oldest first. */
  @ApiProperty({ type: [DaySalesDto] })
  byDay: DaySalesDto[];
}
