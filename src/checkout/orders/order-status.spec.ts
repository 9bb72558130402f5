import { ORDER_STATES, OrderStatus } from './order-status';

const LEGAL: Array<[OrderStatus, OrderStatus]> = [
  [OrderStatus.Pending, OrderStatus.Paid],
  [OrderStatus.Pending, OrderStatus.Expired],
  [OrderStatus.Pending, OrderStatus.Cancelled],
  [OrderStatus.Pending, OrderStatus.Refunded],
  [OrderStatus.Expired, OrderStatus.Paid],
  [OrderStatus.Expired, OrderStatus.Refunded],
  [OrderStatus.Cancelled, OrderStatus.Paid],
  [OrderStatus.Cancelled, OrderStatus.Refunded],
  [OrderStatus.Paid, OrderStatus.Refunded],
  [OrderStatus.Paid, OrderStatus.PartiallyRefunded],
  [OrderStatus.PartiallyRefunded, OrderStatus.PartiallyRefunded],
  [OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
];
const ALL = Object.values(OrderStatus);
const ILLEGAL = ALL.flatMap((from) =>
  ALL.filter((to) => !LEGAL.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as const),
);

describe('order state machine', () => {
  it.each(LEGAL)('allows %s -> %s', (from, to) => {
    expect(ORDER_STATES.can(from, to)).toBe(true);
    expect(() => ORDER_STATES.assert(from, to)).not.toThrow();
  });

  it.each(ILLEGAL)('refuses %s -> %s with 409 INVALID_STATE_TRANSITION', (from, to) => {
    expect(ORDER_STATES.can(from, to)).toBe(false);
    expect(() => ORDER_STATES.assert(from, to)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION', status: 409, details: { from, to } }),
    );
  });

  it('gives the SQL guards the statuses a hold may end from', () => {
    expect(ORDER_STATES.sourcesOf(OrderStatus.Expired)).toEqual([OrderStatus.Pending]);
    expect(ORDER_STATES.sourcesOf(OrderStatus.Cancelled)).toEqual([OrderStatus.Pending]);
  });
});
