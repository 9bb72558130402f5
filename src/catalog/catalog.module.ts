import { Module } from '@nestjs/common';
import { EventsModule } from './events/events.module';
import { PromotersModule } from './promoters/promoters.module';
import { TiersModule } from './tiers/tiers.module';

/** The catalog: promoters and their teams, events and their lifecycle, ticket tiers. */
@Module({ imports: [PromotersModule, EventsModule, TiersModule] })
export class CatalogModule {}
