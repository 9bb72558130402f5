import { Module } from '@nestjs/common';
import { RemindersModule } from './reminders.module';
import { RemindersProcessor } from './reminders.processor';
import { EventReminderSweeper } from './reminders.sweeper';

/** The worker side of reminders: the delayed job's processor and the sweeper behind it. */
@Module({
  imports: [RemindersModule],
  providers: [RemindersProcessor, EventReminderSweeper],
  exports: [EventReminderSweeper],
})
export class RemindersWorkerModule {}
