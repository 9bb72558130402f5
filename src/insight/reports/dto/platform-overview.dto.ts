import { ApiProperty } from '@nestjs/swagger';

/** Promoters that are not deleted, by status. */
export class PromoterCountsDto {
  @ApiProperty({ example: 3 }) pending: number;
  @ApiProperty({ example: 41 }) approved: number;
  @ApiProperty({ example: 2 }) rejected: number;
  @ApiProperty({ example: 1 }) suspended: number;
}

/** Events that are not deleted, by status. */
export class EventCountsDto {
  @ApiProperty({ example: 12 }) draft: number;
  @ApiProperty({ example: 57 }) published: number;
  @ApiProperty({ example: 230 }) completed: number;
  @ApiProperty({ example: 4 }) cancelled: number;
}

/** Orders paid in the period, in one currency. Money in minor units, booking fees included. */
export class CurrencyRevenueDto {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: 812 }) orders: number;
  @ApiProperty({ example: 1604 }) ticketsSold: number;
  @ApiProperty({ example: 4010000 }) gross: number;
  /** Refunded so far on those orders. */
  @ApiProperty({ example: 25000 }) refunded: number;
  @ApiProperty({ example: 3985000 }) net: number;
}

export class RecentSalesDto {
  /** The first UTC day counted (29 days before `to`). */
  @ApiProperty({ example: '2030-05-03' }) from: string;
  /** The last UTC day counted: today. */
  @ApiProperty({ example: '2030-06-01' }) to: string;
  @ApiProperty({ type: [CurrencyRevenueDto] })
  byCurrency: CurrencyRevenueDto[];
}

/** BullMQ job counts of one queue. */
export class QueueDepthDto {
  @ApiProperty({ example: 'notifications' }) queue: string;
  @ApiProperty({ example: 0 }) waiting: number;
  @ApiProperty({ example: 1 }) active: number;
  @ApiProperty({ example: 37 }) delayed: number;
  @ApiProperty({ example: 0 }) prioritized: number;
  /** Parents waiting for child jobs (none of our jobs have children today). */
  @ApiProperty({ example: 0 }) waitingChildren: number;
  @ApiProperty({ example: 2 }) failed: number;
  /** Kept for 24 hours (DEFAULT_JOB_OPTIONS). */
  @ApiProperty({ example: 950 }) completed: number;
}

export class PlatformOverviewDto {
  generatedAt: Date;
  promoters: PromoterCountsDto;
  events: EventCountsDto;
  last30Days: RecentSalesDto;
  @ApiProperty({ type: [QueueDepthDto] })
  queues: QueueDepthDto[];
}
