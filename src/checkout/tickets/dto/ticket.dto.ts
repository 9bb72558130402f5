import { ApiProperty } from '@nestjs/swagger';
import { EventSummaryDto } from '../../../catalog/events/dto/event-summary.dto';
import { TierSummaryDto } from '../../../catalog/tiers/dto/tier-summary.dto';
import { ApiUuid } from '../../../platform/http/api-types';
import type { Summaries } from '../../read-query';
import { Ticket, TicketStatus, TicketVoidReason } from '../ticket.entity';
import { AnswerDto } from '../../attendees/dto/attendees.dto';

export class TicketDto {
  @ApiUuid()
  id: string;
  @ApiUuid()
  orderId: string;
  @ApiUuid()
  eventId: string;
  @ApiUuid()
  tierId: string;
  /** The user who holds it now: the buyer, or whoever it was transferred to. */
  @ApiUuid()
  holderId: string;
  @ApiProperty({ example: 'Ada Lovelace' })
  attendeeName: string;
  @ApiProperty({ example: 'ada@example.com' })
  attendeeEmail: string;
  /** Answers given to the event's questions for this ticket (`PUT /tickets/{id}/attendee`). */
  @ApiProperty({ type: [AnswerDto] })
  answers: AnswerDto[];
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus', example: TicketStatus.Valid })
  status: TicketStatus;
  /** Why a void ticket is void; null otherwise. */
  @ApiProperty({ type: String, enum: [...Object.values(TicketVoidReason), null], nullable: true })
  voidReason: TicketVoidReason | null;
  /** The signed code the QR image carries; scanners verify it offline with `GET /tickets/signing-key`. */
  @ApiProperty({ example: 'AHk2…' })
  code: string;
  checkedInAt: Date | null;
  /** Set while the ticket is offered for resale (its code admits nobody until it is withdrawn). */
  listedForResaleAt: Date | null;
  /** The last change of any kind (what `updatedSince` compares). */
  updatedAt: Date;
  /** With `expand=event`. */
  event?: EventSummaryDto;
  /** With `expand=tier`. */
  tier?: TierSummaryDto;

  static from(t: Ticket, summaries?: Summaries): TicketDto {
    const event = summaries?.events.get(t.eventId);
    const tier = summaries?.tiers.get(t.tierId);
    return {
      id: t.id,
      orderId: t.orderId,
      eventId: t.eventId,
      tierId: t.tierId,
      holderId: t.holderId,
      attendeeName: t.attendeeName,
      attendeeEmail: t.attendeeEmail,
      answers: Object.entries(t.answers).map(([questionId, value]) => ({ questionId, value })),
      status: t.status,
      voidReason: t.voidReason,
      code: t.code,
      checkedInAt: t.checkedInAt,
      listedForResaleAt: t.listedForResaleAt,
      updatedAt: t.updatedAt,
      ...(event ? { event } : {}),
      ...(tier ? { tier } : {}),
    };
  }
}
