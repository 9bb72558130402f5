import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TierWaitlistCounts } from '../catalog/tiers/tier-waitlist-counts.port';
import { OrdersModule } from '../checkout/orders/orders.module';
import { ResaleSales } from '../checkout/orders/resale-sales.port';
import { PaymentsModule } from '../checkout/payments/payments.module';
import { TicketsModule } from '../checkout/tickets/tickets.module';
import { QueueName } from '../platform/jobs/queues';
import { ResaleController } from './resale/resale.controller';
import { ResaleService } from './resale/resale.service';
import { TicketResale } from './resale/ticket-resale.entity';
import { WaitlistClaimService } from './waitlist-claim.service';
import { WaitlistController } from './waitlist.controller';
import { WaitlistEntriesService } from './waitlist-entries.service';
import { WaitlistEntry } from './waitlist-entry.entity';
import { WaitlistOffersService } from './waitlist-offers.service';
import { WaitlistService } from './waitlist.service';
import { WaitlistQueueJoins } from './waitlist-queue-joins.service';

/**
 * The waitlist: the buyer's routes (join, list, leave, claim into a checkout order), the offers of freed units
 * (`UnitsFreed`, in the freeing transaction), their jobs and sweeps, the per-tier counts the catalog shows
 * members, and face-value resale (listed units go the way of freed ones). Global only to provide the catalog's
 * `TierWaitlistCounts` port and checkout's `ResaleSales` port.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([WaitlistEntry, TicketResale]),
    BullModule.registerQueue({ name: QueueName.Waitlist }),
    OrdersModule,
    PaymentsModule,
    TicketsModule,
  ],
  controllers: [WaitlistController, ResaleController],
  providers: [
    WaitlistService,
    WaitlistOffersService,
    WaitlistEntriesService,
    WaitlistClaimService,
    ResaleService,
    WaitlistQueueJoins,
    { provide: TierWaitlistCounts, useExisting: WaitlistService },
    { provide: ResaleSales, useExisting: ResaleService },
  ],
  exports: [TierWaitlistCounts, ResaleSales],
})
export class WaitlistModule {}
