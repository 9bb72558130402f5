import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { HandlesJobs } from '../../platform/jobs/job-handlers';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { OrderExpiryService } from './order-expiry.service';

/** Expires holds on time. Thin: `expire` is a conditional update, safe to run twice or late. */
@Processor(QueueName.Orders, { concurrency: 10 })
export class OrdersProcessor extends WorkerHost implements HandlesJobs, BeforeApplicationShutdown {
  readonly handledJobs = [JobName.ExpireOrder] as const;

  constructor(private readonly expiry: OrderExpiryService) {
    super();
  }

  async process(job: Job): Promise<boolean> {
    switch (job.name as JobName) {
      case JobName.ExpireOrder:
        return this.expiry.expire((job.data as JobPayloads[JobName.ExpireOrder]).orderId);
      default:
        throw new Error(`${QueueName.Orders} has no handler for job "${job.name}"`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}
