import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger } from '../../../platform/http/api-types';
import { QueueName } from '../../../platform/jobs/queues';

/** Promoters that are not deleted, by status. */
export class PromoterCountsDto {
  @ApiInteger({ example: 3 }) pending: number;
  @ApiInteger({ example: 41 }) approved: number;
  @ApiInteger({ example: 2 }) rejected: number;
  @ApiInteger({ example: 1 }) suspended: number;
}

/** Events that are not deleted, by status. */
export class EventCountsDto {
  @ApiInteger({ example: 12 }) draft: number;
  @ApiInteger({ example: 57 }) published: number;
  @ApiInteger({ example: 230 }) completed: number;
  @ApiInteger({ example: 4 }) cancelled: number;
}

/** Orders paid in the period, in one currency. Money in minor units, booking fees included. */
export class CurrencyRevenueDto {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiInteger({ example: 812 }) orders: number;
  @ApiInteger({ example: 1604 }) ticketsSold: number;
  @ApiInteger({ example: 4010000 }) gross: number;
  /** Refunded so far on those orders. */
  @ApiInteger({ example: 25000 }) refunded: number;
  @ApiInteger({ example: 3985000 }) net: number;
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
  @ApiProperty({ enum: QueueName, enumName: 'QueueName', example: QueueName.Notifications }) queue: string;
  @ApiInteger({ example: 0 }) waiting: number;
  @ApiInteger({ example: 1 }) active: number;
  @ApiInteger({ example: 37 }) delayed: number;
  @ApiInteger({ example: 0 }) prioritized: number;
  /** Parents waiting for child jobs (none of our jobs have children today). */
  @ApiInteger({ example: 0 }) waitingChildren: number;
  @ApiInteger({ example: 2 }) failed: number;
  /** Kept for 24 hours (DEFAULT_JOB_OPTIONS). */
  @ApiInteger({ example: 950 }) completed: number;
}

export class PlatformOverviewDto {
  generatedAt: Date;
  /**
   * When `last30Days` was computed: it includes every change committed before this instant and lags it by at
   * most REPORT_REFRESH_SECONDS (60 by default) plus the refresh itself (the worker refreshes it on that interval). Status counts and queue depths are live.
   */
  figuresAsOf: Date;
  promoters: PromoterCountsDto;
  events: EventCountsDto;
  last30Days: RecentSalesDto;
  @ApiProperty({ type: [QueueDepthDto] })
  queues: QueueDepthDto[];
}
