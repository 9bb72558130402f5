import { DomainError } from '../../platform/errors/domain-error';
import { Ticket, TicketStatus } from './ticket.entity';

/**
 * A ticket its holder may still hand on (transfer or resale): not void, never admitted, not already offered for
 * resale. Call it with the ticket row locked; it throws the coded refusal otherwise.
 */
export function assertTransferable(
  ticket: Pick<Ticket, 'id' | 'status' | 'voidReason' | 'checkedInAt' | 'listedForResaleAt'>,
): void {
  if (ticket.status === TicketStatus.Void) {
    throw new DomainError('TICKET_VOID', `This ticket is void (${ticket.voidReason ?? 'void'})`, {
      ticketId: ticket.id,
      reason: ticket.voidReason,
    });
  }
  if (ticket.status === TicketStatus.CheckedIn) {
    throw new DomainError(
      'TICKET_ALREADY_CHECKED_IN',
      'A ticket that was used at the door stays with its holder',
      { ticketIds: [ticket.id] },
    );
  }
  if (ticket.listedForResaleAt) {
    throw new DomainError(
      'TICKET_LISTED_FOR_RESALE',
      'This ticket is offered for resale; withdraw it first',
      {
        ticketId: ticket.id,
        listedAt: ticket.listedForResaleAt,
      },
    );
  }
}
