import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sweeper } from '../../platform/jobs/sweeper';
import { AppConfig } from '../../platform/config/app-config';
import { EventRemindersService } from './event-reminders.service';

/** Sends every due, unsent reminder: the guarantee behind the delayed jobs, should Redis forget them. */
@Injectable()
export class EventReminderSweeper extends Sweeper {
  readonly name = 'event-reminders';

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly reminders: EventRemindersService,
  ) {
    super(dataSource, config);
  }

  protected sweep(): Promise<number> {
    return this.reminders.sendDue();
  }
}
