import { DomainError } from '../platform/errors/domain-error';

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
export const WAITLIST_TRANSITIONS: Record<WaitlistStatus, readonly WaitlistStatus[]> = {
  [WaitlistStatus.Waiting]: [WaitlistStatus.Offered, WaitlistStatus.Left],
  [WaitlistStatus.Offered]: [WaitlistStatus.Claimed, WaitlistStatus.Lapsed, WaitlistStatus.Left],
  [WaitlistStatus.Claimed]: [],
  [WaitlistStatus.Lapsed]: [],
  [WaitlistStatus.Left]: [],
};

export function canWaitlistTransition(from: WaitlistStatus, to: WaitlistStatus): boolean {
  return WAITLIST_TRANSITIONS[from].includes(to);
}

/** Throws 409 INVALID_STATE_TRANSITION unless `from` → `to` is a legal move. */
export function assertWaitlistTransition(from: WaitlistStatus, to: WaitlistStatus): void {
  if (!canWaitlistTransition(from, to)) {
    throw new DomainError('INVALID_STATE_TRANSITION', `A ${from} waitlist entry cannot become ${to}`, {
      from,
      to,
    });
  }
}
