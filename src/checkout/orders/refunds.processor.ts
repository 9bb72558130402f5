import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { HandlesJobs } from '../../platform/jobs/job-handlers';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { EventRefundsService } from './event-refunds.service';

/** Refunds the orders of cancelled events, one job per order. Thin: `process` is idempotent. */
@Processor(QueueName.Refunds, { concurrency: 5 })
export class RefundsProcessor extends WorkerHost implements HandlesJobs, BeforeApplicationShutdown {
  readonly handledJobs = [JobName.RefundCancelledEventOrder] as const;

  constructor(private readonly eventRefunds: EventRefundsService) {
    super();
  }

  async process(job: Job): Promise<void> {
    switch (job.name as JobName) {
      case JobName.RefundCancelledEventOrder:
        return this.eventRefunds.process(
          (job.data as JobPayloads[JobName.RefundCancelledEventOrder]).orderId,
        );
      default:
        throw new Error(`${QueueName.Refunds} has no handler for job "${job.name}"`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}
