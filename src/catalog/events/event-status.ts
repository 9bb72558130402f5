import { DomainError } from '../../platform/errors/domain-error';

export enum EventStatus {
  Draft = 'draft',
  Published = 'published',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

/**
 * The event state machine, in one place: `draft` → `published` → `completed`; `draft` or `published` →
 * `cancelled`. Completed and cancelled are final.
 */
export const EVENT_TRANSITIONS: Record<EventStatus, readonly EventStatus[]> = {
  [EventStatus.Draft]: [EventStatus.Published, EventStatus.Cancelled],
  [EventStatus.Published]: [EventStatus.Completed, EventStatus.Cancelled],
  [EventStatus.Completed]: [],
  [EventStatus.Cancelled]: [],
};

export function canTransition(from: EventStatus, to: EventStatus): boolean {
  return EVENT_TRANSITIONS[from].includes(to);
}

/** Throws 409 INVALID_STATE_TRANSITION unless `from` → `to` is a legal move. */
export function assertEventTransition(from: EventStatus, to: EventStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('INVALID_STATE_TRANSITION', `A ${from} event cannot become ${to}`, { from, to });
  }
}

/** Statuses in which the event's details may still be edited. */
export const EDITABLE_STATUSES: readonly EventStatus[] = [EventStatus.Draft, EventStatus.Published];
