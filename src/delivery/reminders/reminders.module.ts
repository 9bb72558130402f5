import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '../../platform/jobs/queues';
import { EventReminder } from './event-reminder.entity';
import { EventRemindersService } from './event-reminders.service';

/**
 * Event reminders: scheduling (used by the events service when an event is published, moved or cancelled) and
 * sending. The job processor and the sweeper live in RemindersWorkerModule.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([EventReminder]),
    BullModule.registerQueue({ name: QueueName.Reminders }),
  ],
  providers: [EventRemindersService],
  exports: [EventRemindersService],
})
export class RemindersModule {}
