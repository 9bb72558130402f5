import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { JobName, JobPayloads, QueueName } from '../common/jobs/queues';
import { afterCommit } from '../database/after-commit';
import { Notification } from './notification.entity';

export interface OutboxMessage {
  to: string;
  /** A template name under src/notifications/templates (e.g. `password-reset`). */
  template: string;
  data: Record<string, unknown>;
  /** Set to make the message once-only, e.g. `reminder:<ticketId>`: a second enqueue is a no-op. */
  dedupeKey?: string;
}

/**
 * The outbox. `enqueue` writes the notification row in the caller's transaction; once that commits, a
 * delivery job is queued with the notification id as its job id. The sweeper re-queues rows Redis lost.
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectQueue(QueueName.Notifications) private readonly queue: Queue) {}

  async enqueue(manager: EntityManager, message: OutboxMessage): Promise<string | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values({
        recipient: message.to.toLowerCase(),
        template: message.template,
        data: () => ':data::jsonb',
        dedupeKey: message.dedupeKey ?? null,
      })
      .setParameter('data', JSON.stringify(message.data))
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (result.raw as Array<{ id: string }>)[0]?.id ?? null;
    if (id) afterCommit(manager, () => this.schedule(id));
    return id;
  }

  /** Queues delivery of one notification. Idempotent: BullMQ ignores a second job with the same id. */
  async schedule(notificationId: string): Promise<void> {
    const payload: JobPayloads[JobName.SendNotification] = { notificationId };
    await this.queue.add(JobName.SendNotification, payload, { jobId: notificationId });
  }
}
