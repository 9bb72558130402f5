import { Role } from '../auth/roles';

/**
 * Every domain event, with its payload. A module emits an event when a module later in the graph must react
 * (docs/architecture.md): inventory says units were freed, the catalog says an event was cancelled. The emitter
 * never knows who listens.
 */
/** A tier and the event it belongs to (tiers never move between events). */
export interface TierRef {
  id: string;
  eventId: string;
}

export interface DomainEventMap {
  /** Units of these tiers went back to available. Emitted by inventory with the tiers locked. */
  UnitsFreed: { tierIds: string[] };
  /** `capacity`, `held` or `sold` of these tiers changed, or the tiers were created, edited or deleted. */
  TiersChanged: { tiers: TierRef[] };
  /**
   * An event, its tiers or its codes were created, edited, published, cancelled or deleted: what the public (or
   * a code's holder) sees changed.
   */
  CatalogChanged: { eventId: string };
  /** A draft went on sale. */
  EventPublished: { eventId: string; startsAt: Date };
  /** A published or draft event's start moved. */
  EventRescheduled: { eventId: string; startsAt: Date; previousStartsAt: Date };
  /** An event was (soft-)deleted: what it owned outside the database (its images) must go. */
  EventDeleted: { eventId: string };
  /** An event was cancelled: every open order must be released or refunded. */
  EventCancelled: { eventId: string };
  /** An account was created (registration or an admin's CLI). */
  UserRegistered: { userId: string; email: string; name: string };
  /** A user's role changed: access tokens issued before now must act with the new one. */
  UserRoleChanged: { userId: string; role: Role };
  /**
   * A ticket changed hands: `ticketId` was voided and `newTicketId` issued to the recipient, in one transaction.
   */
  TicketTransferred: {
    transferId: string;
    eventId: string;
    ticketId: string;
    newTicketId: string;
    fromUserId: string;
    toUserId: string;
  };
  /** An order was paid and its tickets issued (`late` when the money came after the hold had ended). */
  OrderPaid: { orderId: string; eventId: string; buyerId: string; late: boolean };
  /**
   * Money of an order goes back to its buyer: a refund by the organiser (whole or by ticket), the refund of a
   * cancelled event, or a payment that came too late for its tickets.
   */
  OrderRefunded: {
    orderId: string;
    eventId: string;
    buyerId: string;
    amount: number;
    currency: string;
    ticketIds: string[];
    reason: 'refund' | 'event_cancelled' | 'late_payment';
  };
  /** A pending hold was cancelled: by its buyer, because its payment could not start, or its event was cancelled. */
  OrderCancelled: {
    orderId: string;
    eventId: string;
    buyerId: string;
    reason: 'buyer' | 'payment_failed' | 'event_cancelled';
  };
  /** A ticket was checked in at the door. */
  TicketCheckedIn: { ticketId: string; eventId: string; checkedInBy: string; checkedInAt: Date };
  /** These tiers have no unit left for the public (everything is sold or held). Emitted with the tiers locked. */
  TierSoldOut: { tierIds: string[] };
  /**
   * An event with a waiting room sold out: its waiting entries became `sold_out`. `waitlist` lists those who
   * opted in, in queue order, with the tier they wait for. Emitted by demand in the sell-out's transaction.
   */
  QueueSoldOut: { eventId: string; waitlist: Array<{ entryId: string; userId: string; tierId: string }> };
  /** Freed units were reserved for a waitlist entry until `offerExpiresAt`. */
  WaitlistOffered: {
    entryId: string;
    userId: string;
    eventId: string;
    tierId: string;
    quantity: number;
    offerExpiresAt: Date;
  };
}

export type DomainEventName = keyof DomainEventMap;

/**
 * When a handler runs:
 * - `in-transaction`: inside the emitter's transaction, with its EntityManager, before it commits. A throw rolls
 *   the whole change back. For work that must commit with the change (the waitlist taking freed units).
 * - `after-commit`: once the emitter's transaction has committed, never on rollback. Errors are logged. For side
 *   effects whose loss a sweeper repairs (pub/sub, queueing jobs).
 */
export type HandlerPhase = 'in-transaction' | 'after-commit';

/**
 * The handlers each event must have in every process, checked at boot: an event whose required handler is
 * missing would be emitted into nothing (units freed and never offered, an event cancelled and never refunded).
 */
export const REQUIRED_HANDLERS: Record<DomainEventName, Partial<Record<HandlerPhase, number>>> = {
  UnitsFreed: { 'in-transaction': 1 },
  TiersChanged: { 'after-commit': 1 },
  CatalogChanged: { 'after-commit': 1 },
  EventPublished: { 'in-transaction': 1, 'after-commit': 1 },
  EventRescheduled: { 'in-transaction': 1, 'after-commit': 1 },
  EventCancelled: { 'in-transaction': 1, 'after-commit': 2 },
  EventDeleted: { 'in-transaction': 1, 'after-commit': 1 },
  UserRegistered: { 'in-transaction': 1 },
  UserRoleChanged: { 'in-transaction': 1 },
  // The outgoing-webhook outbox (and the user's notifications) are written with the change.
  TicketTransferred: { 'in-transaction': 1 },
  OrderPaid: { 'in-transaction': 1 },
  OrderRefunded: { 'in-transaction': 1 },
  OrderCancelled: { 'in-transaction': 1 },
  TicketCheckedIn: { 'in-transaction': 1 },
  TierSoldOut: { 'in-transaction': 1 },
  WaitlistOffered: { 'in-transaction': 1 },
  // The opted-in buyers join the waitlist with the sell-out, in queue order.
  QueueSoldOut: { 'in-transaction': 1 },
};
