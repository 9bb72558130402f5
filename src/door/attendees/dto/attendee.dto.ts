import { ApiProperty } from '@nestjs/swagger';
import { TicketStatus } from '../../../checkout/tickets/ticket.entity';

export class AttendeeDto {
  ticketId: string;
  orderId: string;
  tierId: string;
  tierName: string;
  attendeeName: string;
  attendeeEmail: string;
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' })
  status: TicketStatus;
  checkedInAt: Date | null;
}
