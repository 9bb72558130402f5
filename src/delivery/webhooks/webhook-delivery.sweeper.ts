import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sweep } from '../../platform/jobs/job.decorators';
import { WebhookOutbox } from './webhook-outbox.service';

/** A delivery due for less than this is still on its normal path (its job, or the chain from the one before). */
const GRACE_MS = 30_000;
const BATCH = 500;

/**
 * The guarantee behind the delivery jobs: whatever Redis lost (a FLUSHDB, a failover) or a killed worker left
 * claimed, every enabled endpoint's first due delivery gets a job again; each attempt then queues the next.
 */
@Injectable()
export class WebhookDeliverySweeper {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: WebhookOutbox,
  ) {}

  @Sweep({ name: 'webhook-deliveries' })
  async requeueDue(now: Date): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (d.endpoint_id) d.id, d.attempts
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND e.status = 'enabled' AND d.next_attempt_at <= $1
          AND (d.claimed_until IS NULL OR d.claimed_until < $2)
        ORDER BY d.endpoint_id, d.seq
        LIMIT $3`,
      [new Date(now.getTime() - GRACE_MS), now, BATCH],
    )) as Array<{ id: string; attempts: number }>;
    await this.outbox.schedule(
      rows.map((r) => ({ deliveryId: r.id, jobId: `whd-${r.id}-${r.attempts}-sweep-${now.getTime()}` })),
    );
    return rows.length;
  }
}
