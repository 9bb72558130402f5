import { Module } from '@nestjs/common';
import { CodesModule } from './codes/codes.module';
import { EventsModule } from './events/events.module';
import { ImagesModule } from './images/images.module';
import { PromotersModule } from './promoters/promoters.module';
import { QuestionsModule } from './questions/questions.module';
import { TiersModule } from './tiers/tiers.module';

/** The catalog: promoters and their teams, events and their lifecycle, ticket tiers, codes, questions and images. */
@Module({ imports: [PromotersModule, EventsModule, TiersModule, CodesModule, QuestionsModule, ImagesModule] })
export class CatalogModule {}
