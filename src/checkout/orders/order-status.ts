import { DomainError } from '../../platform/errors/domain-error';

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
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  [OrderStatus.Pending]: [OrderStatus.Paid, OrderStatus.Expired, OrderStatus.Cancelled, OrderStatus.Refunded],
  [OrderStatus.Expired]: [OrderStatus.Paid, OrderStatus.Refunded],
  [OrderStatus.Cancelled]: [OrderStatus.Paid, OrderStatus.Refunded],
  [OrderStatus.Paid]: [OrderStatus.Refunded, OrderStatus.PartiallyRefunded],
  [OrderStatus.PartiallyRefunded]: [OrderStatus.Refunded, OrderStatus.PartiallyRefunded],
  [OrderStatus.Refunded]: [],
};

/** Statuses whose tickets were paid for (and may be refunded). */
export const PAID_STATUSES: readonly OrderStatus[] = [OrderStatus.Paid, OrderStatus.PartiallyRefunded];

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Throws 409 INVALID_STATE_TRANSITION unless `from` → `to` is a legal move. */
export function assertOrderTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('INVALID_STATE_TRANSITION', `A ${from} order cannot become ${to}`, { from, to });
  }
}
