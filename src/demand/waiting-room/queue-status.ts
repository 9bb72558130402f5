import { StateMachine } from '../../platform/state-machine';

export enum QueueEntryStatus {
  /** In line; `position` counts the waiting entries before it. */
  Waiting = 'waiting',
  /** Let through: holds an admission token until `admissionExpiresAt`. */
  Admitted = 'admitted',
  /** The token placed a hold (single use). */
  Used = 'used',
  /** The token ran out unused; its slot went to the next buyer. */
  Lapsed = 'lapsed',
  /** The event sold out while the entry waited (it joined the waitlist if the buyer opted in). */
  SoldOut = 'sold_out',
}

/**
 * The waiting-room entry's state machine: `waiting` → `admitted` → `used` or `lapsed`; `waiting` → `sold_out`.
 * An admitted entry keeps its token at a sell-out: units may come back before it lapses.
 */
export const QUEUE_STATES = new StateMachine<QueueEntryStatus>('queue entry', {
  [QueueEntryStatus.Waiting]: [QueueEntryStatus.Admitted, QueueEntryStatus.SoldOut],
  [QueueEntryStatus.Admitted]: [QueueEntryStatus.Used, QueueEntryStatus.Lapsed],
  [QueueEntryStatus.Used]: [],
  [QueueEntryStatus.Lapsed]: [],
  [QueueEntryStatus.SoldOut]: [],
});
