import { CodeKind } from '../../catalog/codes/code-kind';
import { buildHoldPlan } from './hold-plan';

const input = {
  buyerId: 'b1',
  event: { id: 'e1', currency: 'EUR' },
  lines: [
    { tier: { id: 't1', name: 'Standing', price: 1999 }, quantity: 3 },
    { tier: { id: 't2', name: 'VIP', price: 5000 }, quantity: 1 },
  ],
  now: new Date('2030-05-01T12:00:00Z'),
  holdTtlSeconds: 600,
  bookingFeeBps: 250,
};

describe('buildHoldPlan', () => {
  it('prices without a code: the fee on the subtotal, rounded half up', () => {
    const { order, items } = buildHoldPlan(input);
    expect(items.map((i) => i.unitDiscount)).toEqual([0, 0]);
    // 3 × 1999 + 5000 = 10997; 2.5% = 274.925 → 275
    expect(order).toMatchObject({ subtotal: 10997, discount: 0, fees: 275, total: 11272, promoCodeId: null });
  });

  it('takes a percentage off each covered unit, rounded down, and charges the fee on what is left', () => {
    const code = {
      id: 'c1',
      code: 'X',
      kind: CodeKind.Discount,
      discountBps: 1500,
      discountAmount: null,
      tierIds: ['t1'],
    };
    const { order, items } = buildHoldPlan({ ...input, code });
    // 15% of 1999 = 299.85 → 299 a unit, on the covered tier only.
    expect(items.map((i) => i.unitDiscount)).toEqual([299, 0]);
    // 10997 - 897 = 10100; 2.5% = 252.5 → 253 (half up)
    expect(order).toMatchObject({
      subtotal: 10997,
      discount: 897,
      fees: 253,
      total: 10353,
      promoCodeId: 'c1',
    });
  });

  it('never takes a fixed amount below a free ticket', () => {
    const code = {
      id: 'c1',
      code: 'X',
      kind: CodeKind.Discount,
      discountBps: null,
      discountAmount: 2500,
      tierIds: [],
    };
    const { order, items } = buildHoldPlan({ ...input, code });
    expect(items.map((i) => i.unitDiscount)).toEqual([1999, 2500]);
    expect(order).toMatchObject({ discount: 3 * 1999 + 2500, total: 2500 + 63 });
  });

  it('carries an access or presale code without changing the price', () => {
    const code = {
      id: 'c2',
      code: 'X',
      kind: CodeKind.Presale,
      discountBps: null,
      discountAmount: null,
      tierIds: [],
    };
    const { order } = buildHoldPlan({ ...input, code });
    expect(order).toMatchObject({ discount: 0, total: 11272, promoCodeId: 'c2' });
  });
});
