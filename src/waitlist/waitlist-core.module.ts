import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '../platform/jobs/queues';
import { WaitlistEntry } from './waitlist-entry.entity';
import { WaitlistOffersService } from './waitlist-offers.service';
import { WaitlistService } from './waitlist.service';

/**
 * The waitlist's core, loaded by the API and the worker alike. Global, like the outbox, so that checkout,
 * refunds and tiers can say "units were freed" inside their own transactions without importing the waitlist's
 * HTTP side (which itself depends on checkout to create orders).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([WaitlistEntry]),
    BullModule.registerQueue({ name: QueueName.Waitlist }),
  ],
  providers: [WaitlistService, WaitlistOffersService],
  exports: [WaitlistService, WaitlistOffersService],
})
export class WaitlistCoreModule {}
