import { Module } from '@nestjs/common';
import { EventCompletionService } from './event-completion.service';
import { EventCompletionSweeper } from './event-completion.sweeper';

/** The worker side of events: the sweeper that completes ended events. */
@Module({
  providers: [EventCompletionService, EventCompletionSweeper],
  exports: [EventCompletionSweeper],
})
export class EventsWorkerModule {}
