import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { TicketTier } from './ticket-tier.entity';
import { EventTiersController, TiersController } from './tiers.controller';
import { TiersService } from './tiers.service';

/** Ticket tiers: configured by the promoter's managers, read by everyone. Access goes through the event. */
@Module({
  imports: [TypeOrmModule.forFeature([TicketTier]), EventsModule],
  controllers: [EventTiersController, TiersController],
  providers: [TiersService],
  exports: [TiersService],
})
export class TiersModule {}
