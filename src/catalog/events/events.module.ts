import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventImage } from '../images/event-image.entity';
import { EventImageViews } from '../images/event-image-views';
import { Promoter } from '../promoters/promoter.entity';
import { TicketTier } from '../tiers/ticket-tier.entity';
import { EventAccessService } from './event-access.service';
import { EventCatalogService } from './event-catalog.service';
import { EventCompletionService } from './event-completion.service';
import { EventSearchService } from './event-search.service';
import { Event } from './event.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { PromoterEventsController } from './promoter-events.controller';

/**
 * Events and their lifecycle. Exports EventAccessService (visibility and write access, used by tiers) and
 * EventImageViews (the images every event response carries; the images module manages them). What
 * other modules do when an event is published, moved or cancelled, they do on its domain events.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Event, TicketTier, Promoter, EventImage])],
  controllers: [EventsController, PromoterEventsController],
  providers: [
    EventsService,
    EventAccessService,
    EventSearchService,
    EventCompletionService,
    EventCatalogService,
    EventImageViews,
  ],
  exports: [EventsService, EventAccessService, EventImageViews],
})
export class EventsModule {}
