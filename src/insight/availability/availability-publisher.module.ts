import { Global, Module } from '@nestjs/common';
import { AvailabilityPublisher } from './availability-publisher';

/**
 * The publishing half of live availability, in every process (API and worker both change inventory). Global,
 * so any inventory code may inject it; plain functions use `tiersChanged(manager, tierIds)`.
 */
@Global()
@Module({
  providers: [AvailabilityPublisher],
  exports: [AvailabilityPublisher],
})
export class AvailabilityPublisherModule {}
