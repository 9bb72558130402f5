import { Module } from '@nestjs/common';
import { TicketsModule } from '../checkout/tickets/tickets.module';
import { AttendeesService } from './attendees/attendees.service';
import { CheckInService } from './check-in/check-in.service';
import { CheckInsController } from './check-in/check-ins.controller';

/** The door: checking tickets in, and the attendee list door staff and promoters read. */
@Module({
  imports: [TicketsModule],
  controllers: [CheckInsController],
  providers: [CheckInService, AttendeesService],
})
export class DoorModule {}
