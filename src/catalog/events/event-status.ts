import { StateMachine } from '../../platform/state-machine';

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
export const EVENT_STATES = new StateMachine<EventStatus>('event', {
  [EventStatus.Draft]: [EventStatus.Published, EventStatus.Cancelled],
  [EventStatus.Published]: [EventStatus.Completed, EventStatus.Cancelled],
  [EventStatus.Completed]: [],
  [EventStatus.Cancelled]: [],
});

/** Statuses in which the event's details may still be edited. */
export const EDITABLE_STATUSES: readonly EventStatus[] = [EventStatus.Draft, EventStatus.Published];
