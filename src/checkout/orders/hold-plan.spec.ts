import { CodeKind } from '../../catalog/codes/code-kind';
import { TaxMode } from '../../catalog/tiers/tax-mode';
import { buildHoldPlan } from './hold-plan';

const untaxed = { taxRateBps: 0, taxMode: TaxMode.Inclusive };

const input = {
  buyerId: 'b1',
  event: { id: 'e1', currency: 'EUR' },
  lines: [
    { tier: { id: 't1', name: 'Standing', price: 1999, ...untaxed }, quantity: 3 },
    { tier: { id: 't2', name: 'VIP', price: 5000, ...untaxed }, quantity: 1 },
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

  it('taxes each line after its discount: inclusive inside the price, exclusive on top (fee untaxed)', () => {
    const code = {
      id: 'c1',
      code: 'X',
      kind: CodeKind.Discount,
      discountBps: 1000,
      discountAmount: null,
      tierIds: ['t1', 't2'],
    };
    const { order, items } = buildHoldPlan({
      ...input,
      code,
      lines: [
        {
          tier: { id: 't1', name: 'Standing', price: 1999, taxRateBps: 700, taxMode: TaxMode.Inclusive },
          quantity: 3,
        },
        {
          tier: { id: 't2', name: 'VIP', price: 5000, taxRateBps: 2000, taxMode: TaxMode.Exclusive },
          quantity: 1,
        },
      ],
    });
    // t1: 1999 - 199 = 1800 a unit, 5400 gross; 5400 × 700 / 10700 = 353.27 → 353.
    expect(items[0]).toMatchObject({ taxRateBps: 700, net: 5047, tax: 353, gross: 5400 });
    // t2: 5000 - 500 = 4500 net; 20% = 900 on top.
    expect(items[1]).toMatchObject({ taxRateBps: 2000, net: 4500, tax: 900, gross: 5400 });
    // Fee: 2.5% of 9900 = 247.5 → 248; total = 10800 gross + 248.
    expect(order).toMatchObject({
      subtotal: 10997,
      discount: 1097,
      net: 9547,
      tax: 1253,
      fees: 248,
      total: 11048,
    });
  });
});
