import { TaxMode } from '../../catalog/tiers/tax-mode';
import { creditFor } from './credit-note-lines';
import type { InvoiceLine } from './invoice-line';

const line: InvoiceLine = {
  tierId: 't1',
  description: 'Standing',
  quantity: 3,
  unitPrice: 1001,
  unitDiscount: 0,
  taxRateBps: 700,
  taxMode: TaxMode.Exclusive,
  // 3003 × 7% = 210.21 → 210
  net: 3003,
  tax: 210,
  gross: 3213,
};
const invoice = { lines: [line], fees: 75 };

describe('creditFor', () => {
  it('taxes the refunded units like the invoice line, without the fee', () => {
    const credit = creditFor(invoice, [], new Map([['t1', 1]]), false);
    // 1001 × 7% = 70.07 → 70
    expect(credit).toEqual({ lines: [{ ...line, quantity: 1, net: 1001, tax: 70, gross: 1071 }], fees: 0 });
  });

  it('credits what is left of a line when its last units go, so the notes add up to the invoice', () => {
    const first = creditFor(invoice, [], new Map([['t1', 1]]), false);
    const second = creditFor(invoice, [first], new Map([['t1', 1]]), false);
    const last = creditFor(invoice, [first, second], new Map(), true);
    expect(last.lines[0]).toMatchObject({ quantity: 1, net: 1001, tax: 70, gross: 1071 });
    const all = [first, second, last];
    expect(all.reduce((s, c) => s + c.lines[0].tax, 0)).toBe(210);
    expect(all.reduce((s, c) => s + c.lines[0].gross, 0)).toBe(3213);
    expect(last.fees).toBe(75);
  });

  it('a full refund credits everything at once', () => {
    expect(creditFor(invoice, [], new Map(), true)).toEqual({ lines: [line], fees: 75 });
  });
});
