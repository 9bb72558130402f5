import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Clock } from '../../platform/clock/clock';
import { ReadDatabase } from '../../platform/database/read-database';
import { AppConfig } from '../../platform/config/app-config';
import { redisDeadline } from '../../platform/redis/redis-deadline';
import { QueueName } from '../../platform/jobs/queues';
import { EventStatus } from '../../catalog/events/event-status';
import { PromoterStatus } from '../../catalog/promoters/promoter-status';
import { PlatformOverviewDto, QueueDepthDto } from './dto/platform-overview.dto';
import { figuresAsOf, salesByCurrency, statusCounts } from './report.queries';

const DAY_MS = 24 * 3600 * 1000;
/** The overview's sales period: today and the 29 UTC days before it. */
const RECENT_DAYS = 30;

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** Every status of `values` with its count, zero when none. */
function countsOf<S extends string>(values: readonly S[], counts: Map<string, number>): Record<S, number> {
  return Object.fromEntries(values.map((s) => [s, counts.get(s) ?? 0])) as Record<S, number>;
}

/** `GET /admin/reports/overview`: platform totals for admins, from the report views and BullMQ. */
@Injectable()
export class PlatformOverviewService {
  constructor(
    private readonly read: ReadDatabase,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  async overview(): Promise<PlatformOverviewDto> {
    const now = this.clock.now();
    const from = utcDay(new Date(now.getTime() - (RECENT_DAYS - 1) * DAY_MS));
    const to = utcDay(now);
    const manager = this.read.manager;
    const [asOf, promoters, events, byCurrency, queues] = await Promise.all([
      figuresAsOf(manager),
      statusCounts(manager, 'promoter_status_counts'),
      statusCounts(manager, 'event_status_counts'),
      salesByCurrency(manager, from, to),
      // The job counts live in Redis: without it the overview is a 503 within the command timeout, not a hang.
      redisDeadline(this.queueDepths(), this.config.redis.commandTimeoutMs, 'queue job counts'),
    ]);
    return {
      generatedAt: now,
      figuresAsOf: asOf,
      promoters: countsOf(Object.values(PromoterStatus), promoters),
      events: countsOf(Object.values(EventStatus), events),
      last30Days: { from, to, byCurrency },
      queues,
    };
  }

  /** Job counts of every queue in QueueName, so a new queue shows up here without another edit. */
  private queueDepths(): Promise<QueueDepthDto[]> {
    return Promise.all(
      Object.values(QueueName).map(async (name) => {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        const c = await queue.getJobCounts(
          'waiting',
          'active',
          'delayed',
          'prioritized',
          'waiting-children',
          'failed',
          'completed',
        );
        return {
          queue: name,
          waiting: c.waiting ?? 0,
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          prioritized: c.prioritized ?? 0,
          waitingChildren: c['waiting-children'] ?? 0,
          failed: c.failed ?? 0,
          completed: c.completed ?? 0,
        };
      }),
    );
  }
}
