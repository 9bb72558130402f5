import { StateMachine } from '../../platform/state-machine';

export enum OrderStatus {
  /** A hold: units are counted in the tiers' `held` until payment, expiry or cancellation. */
  Pending = 'pending',
  Paid = 'paid',
  Expired = 'expired',
  Cancelled = 'cancelled',
  Refunded = 'refunded',
  PartiallyRefunded = 'partially_refunded',
}

/**
 * The order state machine, in one place. `pending` → `paid`, `expired` or `cancelled`; `paid` →
 * `refunded` or `partially_refunded` → `refunded`. A payment that arrives after the hold ended re-takes the units
 * (`expired`/`cancelled` → `paid`) or, when they are gone, is refunded at once (→ `refunded`); so is a payment
 * for a hold whose event was cancelled (`pending` → `refunded`).
 */
export const ORDER_STATES = new StateMachine<OrderStatus>('order', {
  [OrderStatus.Pending]: [OrderStatus.Paid, OrderStatus.Expired, OrderStatus.Cancelled, OrderStatus.Refunded],
  [OrderStatus.Expired]: [OrderStatus.Paid, OrderStatus.Refunded],
  [OrderStatus.Cancelled]: [OrderStatus.Paid, OrderStatus.Refunded],
  [OrderStatus.Paid]: [OrderStatus.Refunded, OrderStatus.PartiallyRefunded],
  [OrderStatus.PartiallyRefunded]: [OrderStatus.Refunded, OrderStatus.PartiallyRefunded],
  [OrderStatus.Refunded]: [],
});

/** Statuses whose tickets were paid for (and may be refunded). */
export const PAID_STATUSES: readonly OrderStatus[] = [OrderStatus.Paid, OrderStatus.PartiallyRefunded];
