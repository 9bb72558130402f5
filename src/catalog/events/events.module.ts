import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../../checkout/orders/orders.module';
import { PromotersModule } from '../promoters/promoters.module';
import { RemindersModule } from '../../delivery/reminders/reminders.module';
import { TicketTier } from '../tiers/ticket-tier.entity';
import { EventAccessService } from './event-access.service';
import { EventSearchService } from './event-search.service';
import { Event } from './event.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { PromoterEventsController } from './promoter-events.controller';

/**
 * Events and their lifecycle. Exports EventsService (cancel is the hook for refunds) and EventAccessService
 * (visibility and write access, used by tiers, orders and check-in).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Event, TicketTier]), PromotersModule, OrdersModule, RemindersModule],
  controllers: [EventsController, PromoterEventsController],
  providers: [EventsService, EventAccessService, EventSearchService],
  exports: [EventsService, EventAccessService],
})
export class EventsModule {}
