import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { HandlesJobs } from '../../platform/jobs/job-handlers';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { DeliveryOutcome, NotificationDelivery } from './notification-delivery.service';

/** Delivers outbox rows. Thin on purpose: `NotificationDelivery.deliver` is safe to run twice. */
@Processor(QueueName.Notifications, { concurrency: 5 })
export class NotificationsProcessor extends WorkerHost implements HandlesJobs, BeforeApplicationShutdown {
  readonly handledJobs = [JobName.SendNotification] as const;

  constructor(private readonly delivery: NotificationDelivery) {
    super();
  }

  async process(job: Job): Promise<DeliveryOutcome> {
    switch (job.name as JobName) {
      case JobName.SendNotification: {
        const { notificationId } = job.data as JobPayloads[JobName.SendNotification];
        return this.delivery.deliver(notificationId);
      }
      default:
        throw new Error(`${QueueName.Notifications} has no handler for job "${job.name}"`);
    }
  }

  /** Lets the jobs in flight finish while the database is still open (Nest closes workers later). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}
