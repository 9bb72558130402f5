import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TicketQueriesService } from './ticket-queries.service';
import { TicketSigner } from './ticket-signer';
import { Ticket } from './ticket.entity';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

/** Signed tickets: issued and voided by checkout, read by their holders, verified at the door. */
@Module({
  imports: [TypeOrmModule.forFeature([Ticket])],
  controllers: [TicketsController],
  providers: [TicketSigner, TicketsService, TicketQueriesService],
  exports: [TicketSigner, TicketsService],
})
export class TicketsModule {}
