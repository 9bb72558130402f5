import { ApiProperty } from '@nestjs/swagger';
import { ApiUuid } from '../../../platform/http/api-types';
import { TicketStatus } from '../../../checkout/tickets/ticket.entity';
import { AnswerDto } from '../../../checkout/attendees/dto/attendees.dto';

export class AttendeeDto {
  @ApiUuid()
  ticketId: string;
  @ApiUuid()
  orderId: string;
  @ApiUuid()
  tierId: string;
  tierName: string;
  attendeeName: string;
  attendeeEmail: string;
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' })
  status: TicketStatus;
  checkedInAt: Date | null;
  /** Answers to the event's current questions, in their order. */
  @ApiProperty({ type: [AnswerDto] })
  answers: AnswerDto[];
  /** The ticket's last change (what `updatedSince` compares). */
  updatedAt: Date;
}
