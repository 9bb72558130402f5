import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { HandlesJobs } from '../platform/jobs/job-handlers';
import { JobName, JobPayloads, QueueName } from '../platform/jobs/queues';
import { WaitlistOffersService } from './waitlist-offers.service';

/** Offers freed units and lapses offers on time. Thin: both calls lock, re-check and are safe to repeat. */
@Processor(QueueName.Waitlist, { concurrency: 5 })
export class WaitlistProcessor extends WorkerHost implements HandlesJobs, BeforeApplicationShutdown {
  readonly handledJobs = [JobName.OfferWaitlistUnits, JobName.LapseWaitlistOffer] as const;

  constructor(private readonly offers: WaitlistOffersService) {
    super();
  }

  async process(job: Job): Promise<number | boolean> {
    switch (job.name as JobName) {
      case JobName.OfferWaitlistUnits:
        return this.offers.offerFreedUnits((job.data as JobPayloads[JobName.OfferWaitlistUnits]).tierId);
      case JobName.LapseWaitlistOffer:
        return this.offers.lapse((job.data as JobPayloads[JobName.LapseWaitlistOffer]).entryId);
      default:
        throw new Error(`${QueueName.Waitlist} has no handler for job "${job.name}"`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}
