import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { HandlesJobs } from '../../platform/jobs/job-handlers';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { EventRemindersService } from './event-reminders.service';

/** Sends an event's reminders when they fall due. Thin: `send` re-checks everything and sends once. */
@Processor(QueueName.Reminders, { concurrency: 2 })
export class RemindersProcessor extends WorkerHost implements HandlesJobs, BeforeApplicationShutdown {
  readonly handledJobs = [JobName.SendEventReminders] as const;

  constructor(private readonly reminders: EventRemindersService) {
    super();
  }

  async process(job: Job): Promise<number> {
    switch (job.name as JobName) {
      case JobName.SendEventReminders: {
        const { eventId, startsAt } = job.data as JobPayloads[JobName.SendEventReminders];
        return this.reminders.send(eventId, new Date(startsAt));
      }
      default:
        throw new Error(`${QueueName.Reminders} has no handler for job "${job.name}"`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}
