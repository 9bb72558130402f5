import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PromotersModule } from '../../catalog/promoters/promoters.module';
import { CheckInService } from '../../door/check-in/check-in.service';
import { CheckInsController } from '../../door/check-in/check-ins.controller';
import { TicketQueriesService } from './ticket-queries.service';
import { TicketSigner } from './ticket-signer';
import { Ticket } from './ticket.entity';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

/** Signed tickets, their QR codes, check-in at the door and the attendee list. */
@Module({
  imports: [TypeOrmModule.forFeature([Ticket]), PromotersModule],
  controllers: [TicketsController, CheckInsController],
  providers: [TicketSigner, TicketsService, TicketQueriesService, CheckInService],
  exports: [TicketSigner, TicketsService],
})
export class TicketsModule {}
