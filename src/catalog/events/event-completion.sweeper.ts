import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sweeper } from '../../platform/jobs/sweeper';
import { AppConfig } from '../../platform/config/app-config';
import { EventCompletionService } from './event-completion.service';

/** Periodically completes events that have ended. */
@Injectable()
export class EventCompletionSweeper extends Sweeper {
  readonly name = 'event-completion';

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly completion: EventCompletionService,
  ) {
    super(dataSource, config);
  }

  protected sweep(): Promise<number> {
    return this.completion.completeEnded();
  }
}
