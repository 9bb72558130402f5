import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TierWaitlistCounts } from '../catalog/tiers/tier-waitlist-counts.port';
import { OrdersModule } from '../checkout/orders/orders.module';
import { QueueName } from '../platform/jobs/queues';
import { WaitlistClaimService } from './waitlist-claim.service';
import { WaitlistController } from './waitlist.controller';
import { WaitlistEntriesService } from './waitlist-entries.service';
import { WaitlistEntry } from './waitlist-entry.entity';
import { WaitlistOffersService } from './waitlist-offers.service';
import { WaitlistService } from './waitlist.service';

/**
 * The waitlist: the buyer's routes (join, list, leave, claim into a checkout order), the offers of freed units
 * (`UnitsFreed`, in the freeing transaction), their jobs and sweeps, and the per-tier counts the catalog shows
 * members. Global only to provide the catalog's `TierWaitlistCounts` port.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([WaitlistEntry]),
    BullModule.registerQueue({ name: QueueName.Waitlist }),
    OrdersModule,
  ],
  controllers: [WaitlistController],
  providers: [
    WaitlistService,
    WaitlistOffersService,
    WaitlistEntriesService,
    WaitlistClaimService,
    { provide: TierWaitlistCounts, useExisting: WaitlistService },
  ],
  exports: [TierWaitlistCounts],
})
export class WaitlistModule {}
