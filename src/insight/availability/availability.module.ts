import { Module } from '@nestjs/common';
import { EventsModule } from '../../catalog/events/events.module';
import { AvailabilityPublisher } from './availability-publisher';
import { AvailabilityController } from './availability.controller';
import { AvailabilityService } from './availability.service';
import { AvailabilityStreams } from './availability-streams.service';
import { StreamLimiter } from './stream-limiter';

/**
 * Live availability: the publisher (on `TiersChanged`, in every process that changes inventory), and the SSE
 * route with this instance's subscriber.
 */
@Module({
  imports: [EventsModule],
  controllers: [AvailabilityController],
  providers: [AvailabilityService, AvailabilityStreams, AvailabilityPublisher, StreamLimiter],
})
export class AvailabilityModule {}
