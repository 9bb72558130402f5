import { StateMachine } from '../platform/state-machine';

export enum WaitlistStatus {
  /** In the queue for the tier. */
  Waiting = 'waiting',
  /** Freed units are reserved for the entry (counted in the tier's `held`) until `offerExpiresAt`. */
  Offered = 'offered',
  /** The offer became a pending order. */
  Claimed = 'claimed',
  /** The offer ran out unclaimed; its units rolled on to the next entry. */
  Lapsed = 'lapsed',
  /** The buyer left the waitlist. */
  Left = 'left',
}

/** Entries that hold a place in the queue: at most one per buyer and tier. */
export const ACTIVE_WAITLIST_STATUSES: readonly WaitlistStatus[] = [
  WaitlistStatus.Waiting,
  WaitlistStatus.Offered,
];

/**
 * The waitlist state machine, in one place: `waiting` → `offered` → `claimed` or `lapsed`; a buyer may leave
 * while `waiting` or `offered` (an offer left early rolls on like a lapsed one).
 */
export const WAITLIST_STATES = new StateMachine<WaitlistStatus>('waitlist entry', {
  [WaitlistStatus.Waiting]: [WaitlistStatus.Offered, WaitlistStatus.Left],
  [WaitlistStatus.Offered]: [WaitlistStatus.Claimed, WaitlistStatus.Lapsed, WaitlistStatus.Left],
  [WaitlistStatus.Claimed]: [],
  [WaitlistStatus.Lapsed]: [],
  [WaitlistStatus.Left]: [],
});
