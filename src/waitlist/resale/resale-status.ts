import { StateMachine } from '../../platform/state-machine';

export enum ResaleStatus {
  /** The ticket's unit is back on sale (offered to the waitlist first); the seller still holds the ticket. */
  Listed = 'listed',
  /** A buyer paid: the seller's ticket is void and their refund recorded. */
  Sold = 'sold',
  /** The seller took it back; the unit was taken off sale again. */
  Withdrawn = 'withdrawn',
  /** The seller's ticket was refunded (or its event cancelled) while listed. */
  Cancelled = 'cancelled',
}

export const RESALE_STATES = new StateMachine<ResaleStatus>('resale listing', {
  [ResaleStatus.Listed]: [ResaleStatus.Sold, ResaleStatus.Withdrawn, ResaleStatus.Cancelled],
  [ResaleStatus.Sold]: [],
  [ResaleStatus.Withdrawn]: [],
  [ResaleStatus.Cancelled]: [],
});
