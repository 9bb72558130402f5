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
  /** An event or its tiers were created, edited, published, cancelled or deleted: what the public sees changed. */
  CatalogChanged: { eventId: string };
  /** A draft went on sale. */
  EventPublished: { eventId: string; startsAt: Date };
  /** A published or draft event's start moved. */
  EventRescheduled: { eventId: string; startsAt: Date; previousStartsAt: Date };
  /** An event was cancelled: every open order must be released or refunded. */
  EventCancelled: { eventId: string };
  /** An account was created (registration or an admin's CLI). */
  UserRegistered: { userId: string; email: string; name: string };
  /** A user's role changed: access tokens issued before now must act with the new one. */
  UserRoleChanged: { userId: string; role: Role };
  /**
   * A ticket changed hands: `ticketId` was voided and `newTicketId` issued to the recipient, in one transaction.
   * The `ticket.transferred` webhook subscribes to it once outgoing webhooks exist.
   */
  TicketTransferred: {
    transferId: string;
    eventId: string;
    ticketId: string;
    newTicketId: string;
    fromUserId: string;
    toUserId: string;
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
  EventPublished: { 'after-commit': 1 },
  EventRescheduled: { 'after-commit': 1 },
  EventCancelled: { 'after-commit': 2 },
  UserRegistered: { 'in-transaction': 1 },
  UserRoleChanged: { 'in-transaction': 1 },
  TicketTransferred: {},
};
