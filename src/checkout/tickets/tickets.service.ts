import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, Not } from 'typeorm';
import { TicketTier } from '../../catalog/tiers/ticket-tier.entity';
import { Ticket, TicketStatus, TicketVoidReason } from './ticket.entity';
import { TicketSigner } from './ticket-signer';

export interface TicketIssue {
  orderId: string;
  eventId: string;
  /** The user the tickets belong to: the buyer, or a transfer's recipient. */
  holderId: string;
  attendee: { name: string; email: string };
  items: Array<{ tierId: string; quantity: number }>;
}

/** Issuing and voiding tickets, inside the caller's transaction. */
@Injectable()
export class TicketsService {
  constructor(private readonly signer: TicketSigner) {}

  /**
   * One ticket per unit, each with its signed code, built without touching the database: the caller signs
   * them before it takes any lock, then `insert`s them inside its transaction. QR images are rendered by the
   * worker when the confirmation email is sent.
   */
  prepare(issue: TicketIssue): Ticket[] {
    return issue.items.flatMap((item) =>
      Array.from({ length: item.quantity }, () => {
        const id = randomUUID();
        return Object.assign(new Ticket(), {
          id,
          orderId: issue.orderId,
          eventId: issue.eventId,
          tierId: item.tierId,
          holderId: issue.holderId,
          attendeeName: issue.attendee.name,
          attendeeEmail: issue.attendee.email.toLowerCase(),
          answers: {},
          code: this.signer.sign({ ticketId: id, eventId: issue.eventId, tierId: item.tierId }),
          status: TicketStatus.Valid,
          voidReason: null,
          voidedAt: null,
          checkedInAt: null,
          checkedInBy: null,
          listedForResaleAt: null,
        });
      }),
    );
  }

  async insert(manager: EntityManager, tickets: Ticket[]): Promise<void> {
    await manager.insert(Ticket, tickets);
  }

  /**
   * The order's tickets, locked (ascending id) so a door scan of one of them waits for the caller's decision and
   * then sees the result. Call it after locking the order row.
   */
  async lockOrderTickets(manager: EntityManager, orderId: string): Promise<Ticket[]> {
    return manager.find(Ticket, {
      where: { orderId },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Voids tickets the caller has locked and checked. */
  async void(
    manager: EntityManager,
    ticketIds: string[],
    reason: TicketVoidReason,
    now: Date,
  ): Promise<void> {
    if (ticketIds.length === 0) return;
    await manager.update(
      Ticket,
      { id: In(ticketIds), status: Not(TicketStatus.Void) },
      { status: TicketStatus.Void, voidReason: reason, voidedAt: now, listedForResaleAt: null },
    );
  }

  /** Tier names by id, for emails. */
  async tierNames(manager: EntityManager, tierIds: string[]): Promise<Map<string, string>> {
    const tiers = await manager.find(TicketTier, { where: { id: In(tierIds) }, withDeleted: true });
    return new Map(tiers.map((t) => [t.id, t.name]));
  }
}
