import { Module } from '@nestjs/common';
import { OrdersModule } from '../checkout/orders/orders.module';
import { WaitlistClaimService } from './waitlist-claim.service';
import { WaitlistEntriesService } from './waitlist-entries.service';
import { WaitlistController } from './waitlist.controller';

/** The buyer's waitlist routes: join, list, leave and claim (which creates the order through checkout). */
@Module({
  imports: [OrdersModule],
  controllers: [WaitlistController],
  providers: [WaitlistEntriesService, WaitlistClaimService],
})
export class WaitlistModule {}
