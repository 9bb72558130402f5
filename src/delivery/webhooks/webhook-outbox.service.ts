import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { afterCommit } from '../../platform/database/after-commit';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { WebhookDataByType } from './dto/webhook-payloads.dto';
import { WebhookEventType } from './webhook-event-types';

/** Whose endpoints a message goes to: a promoter's, or the promoter's of an event. */
export type WebhookAudience = { promoterId: string } | { eventId: string };

/** A new Standard Webhooks message id, `msg_` + 32 hex characters (never a `.`, which the signature uses). */
export const newMessageId = () => `msg_${randomUUID().replace(/-/g, '')}`;

/**
 * The webhook outbox. `publish` writes one delivery row per subscribed endpoint in the caller's transaction,
 * so a message exists exactly when its change committed; the jobs are queued after commit, and the sweep
 * re-queues whatever Redis lost.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly clock: Clock,
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue,
  ) {}

  /**
   * Writes the message for every enabled endpoint that subscribed to `type`. `build` reads the payload's data
   * and runs only when some endpoint wants it, so a promoter without webhooks costs one indexed query.
   */
  async publish<T extends WebhookEventType>(
    manager: EntityManager,
    type: T,
    audience: WebhookAudience,
    build: () => Promise<WebhookDataByType[T]>,
  ): Promise<string[]> {
    const endpoints = await this.subscribers(manager, type, audience);
    if (endpoints.length === 0) return [];
    return this.write(manager, endpoints, type, await build());
  }

  /** Writes one message for the given endpoints, whatever they subscribed to (the test message, redelivery). */
  async write(
    manager: EntityManager,
    endpointIds: string[],
    type: string,
    data: object,
    message?: { id: string; payload: string },
  ): Promise<string[]> {
    const now = this.clock.now();
    const payload = message?.payload ?? JSON.stringify({ type, timestamp: now.toISOString(), data });
    const rows = (await manager.query(
      `INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, payload, next_attempt_at, created_at)
       SELECT id, $2, $3, $4, $5, $5 FROM unnest($1::uuid[]) AS e(id)
       RETURNING id`,
      [endpointIds, message?.id ?? newMessageId(), type, payload, now],
    )) as Array<{ id: string }>;
    const ids = rows.map((r) => r.id);
    afterCommit(manager, () => this.schedule(ids.map((id) => ({ deliveryId: id, jobId: `whd-${id}-0` }))));
    return ids;
  }

  /** Queues delivery jobs. A job id already in the queue is ignored, so each cause queues once. */
  async schedule(jobs: Array<{ deliveryId: string; jobId: string; delayMs?: number }>): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map(({ deliveryId, jobId, delayMs }) => {
        const data: JobPayloads[JobName.DeliverWebhook] = { deliveryId };
        return { name: JobName.DeliverWebhook, data, opts: { jobId, delay: delayMs } };
      }),
    );
  }

  private async subscribers(
    manager: EntityManager,
    type: string,
    audience: WebhookAudience,
  ): Promise<string[]> {
    const rows = (await manager.query(
      'promoterId' in audience
        ? `SELECT w.id FROM webhook_endpoints w
            WHERE w.promoter_id = $1 AND w.status = 'enabled' AND $2 = ANY(w.events) ORDER BY w.id`
        : `SELECT w.id FROM events e JOIN webhook_endpoints w ON w.promoter_id = e.promoter_id
            WHERE e.id = $1 AND w.status = 'enabled' AND $2 = ANY(w.events) ORDER BY w.id`,
      ['promoterId' in audience ? audience.promoterId : audience.eventId, type],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
