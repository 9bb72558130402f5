import { Module } from '@nestjs/common';
import { EventsModule } from '../../catalog/events/events.module';
import { AvailabilityController } from './availability.controller';
import { AvailabilityService } from './availability.service';
import { AvailabilityStreams } from './availability-streams.service';

/** The streaming half of live availability: the SSE route and this instance's subscriber. API only. */
@Module({
  imports: [EventsModule],
  controllers: [AvailabilityController],
  providers: [AvailabilityService, AvailabilityStreams],
})
export class AvailabilityModule {}
