import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { JobName, JobPayloads, QueueName } from '../jobs/queues';
import { afterCommit } from '../database/after-commit';
import { Notification } from './notification.entity';
import { NotificationTemplate, TemplateData } from './notification-template';
import { OutboxAttachment } from './outbox-attachment';

export interface OutboxMessage<T extends NotificationTemplate = NotificationTemplate> {
  to: string;
  /** A template from `NotificationTemplate` (files under src/delivery/notifications/templates). */
  template: T;
  data: TemplateData[T];
  /** Files to send along, e.g. inline QR codes referenced from the HTML as `cid:<contentId>`. */
  attachments?: OutboxAttachment[];
  /** Set to make the message once-only, e.g. `reminder:<ticketId>`: a second enqueue is a no-op. */
  dedupeKey?: string;
}

/**
 * The outbox. `enqueue` writes the notification row in the caller's transaction; once that commits, a
 * delivery job is queued with the notification id as its job id. The sweeper re-queues rows Redis lost.
 */
@Injectable()
export class OutboxService {
  constructor(@InjectQueue(QueueName.Notifications) private readonly queue: Queue) {}

  /** Writes the email to the outbox. Returns its id, or null when `dedupeKey` was already used. */
  async enqueue<T extends NotificationTemplate>(
    manager: EntityManager,
    message: OutboxMessage<T>,
  ): Promise<string | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values({
        recipient: message.to.toLowerCase(),
        template: message.template,
        data: () => ':data::jsonb',
        attachments: () => ':attachments::jsonb',
        dedupeKey: message.dedupeKey ?? null,
      })
      .setParameter('data', JSON.stringify(message.data))
      .setParameter('attachments', JSON.stringify(message.attachments ?? []))
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

  /**
   * Queues delivery again unless a job for the row is still going to run. A finished (completed or failed) job
   * keeps its id and would make BullMQ ignore the new one, so it is removed first. Returns whether it queued.
   */
  async reschedule(notificationId: string): Promise<boolean> {
    const job = await this.queue.getJob(notificationId);
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
      await job.remove();
    }
    await this.schedule(notificationId);
    return true;
  }
}
