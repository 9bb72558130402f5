import { ApiProperty } from '@nestjs/swagger';
import { Ticket, TicketStatus, TicketVoidReason } from '../ticket.entity';

export class TicketDto {
  id: string;
  orderId: string;
  eventId: string;
  tierId: string;
  /** The user who holds it now: the buyer, or whoever it was transferred to. */
  holderId: string;
  @ApiProperty({ example: 'Ada Lovelace' })
  attendeeName: string;
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus', example: TicketStatus.Valid })
  status: TicketStatus;
  @ApiProperty({ enum: TicketVoidReason, enumName: 'TicketVoidReason', nullable: true })
  voidReason: TicketVoidReason | null;
  /** The signed code the QR image carries; scanners verify it offline with `GET /tickets/signing-key`. */
  @ApiProperty({ example: 'AHk2…' })
  code: string;
  checkedInAt: Date | null;
  /** Set while the ticket is offered for resale (its code admits nobody until it is withdrawn). */
  listedForResaleAt: Date | null;

  static from(t: Ticket): TicketDto {
    return {
      id: t.id,
      orderId: t.orderId,
      eventId: t.eventId,
      tierId: t.tierId,
      holderId: t.holderId,
      attendeeName: t.attendeeName,
      status: t.status,
      voidReason: t.voidReason,
      code: t.code,
      checkedInAt: t.checkedInAt,
      listedForResaleAt: t.listedForResaleAt,
    };
  }
}
