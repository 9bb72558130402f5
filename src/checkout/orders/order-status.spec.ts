import { DomainError } from '../../platform/errors/domain-error';
import { assertOrderTransition, canTransition, OrderStatus } from './order-status';

describe('order state machine', () => {
  it('allows the checkout moves', () => {
    expect(canTransition(OrderStatus.Pending, OrderStatus.Paid)).toBe(true);
    expect(canTransition(OrderStatus.Pending, OrderStatus.Expired)).toBe(true);
    expect(canTransition(OrderStatus.Expired, OrderStatus.Paid)).toBe(true);
    expect(canTransition(OrderStatus.Expired, OrderStatus.Refunded)).toBe(true);
    expect(canTransition(OrderStatus.Paid, OrderStatus.PartiallyRefunded)).toBe(true);
    expect(canTransition(OrderStatus.PartiallyRefunded, OrderStatus.Refunded)).toBe(true);
  });

  it('refuses the rest with INVALID_STATE_TRANSITION', () => {
    expect(canTransition(OrderStatus.Refunded, OrderStatus.Paid)).toBe(false);
    expect(canTransition(OrderStatus.Paid, OrderStatus.Pending)).toBe(false);
    expect(canTransition(OrderStatus.Paid, OrderStatus.Expired)).toBe(false);
    expect(() => assertOrderTransition(OrderStatus.Refunded, OrderStatus.Paid)).toThrow(DomainError);
    try {
      assertOrderTransition(OrderStatus.Cancelled, OrderStatus.Expired);
    } catch (err) {
      expect((err as DomainError).code).toBe('INVALID_STATE_TRANSITION');
    }
  });
});
