import { TaxMode } from '../../catalog/tiers/tax-mode';
import { divideHalfUp, splitTax, sumSplits, unitGross } from './tax-math';

describe('tax math', () => {
  it('rounds half up in integers', () => {
    expect(divideHalfUp(5, 2)).toBe(3);
    expect(divideHalfUp(7, 4)).toBe(2);
    expect(divideHalfUp(5, 4)).toBe(1);
    expect(divideHalfUp(0, 7)).toBe(0);
  });

  it('takes inclusive tax out of the price', () => {
    // 20% of a 12.00 gross: 2.00 tax, 10.00 net.
    expect(splitTax(1200, 2000, TaxMode.Inclusive)).toEqual({ net: 1000, tax: 200, gross: 1200 });
    // 1000 × 700 / 10700 = 65.42… → 65.
    expect(splitTax(1000, 700, TaxMode.Inclusive)).toEqual({ net: 935, tax: 65, gross: 1000 });
  });

  it('adds exclusive tax on top of the price, rounding a half up', () => {
    expect(splitTax(1000, 2000, TaxMode.Exclusive)).toEqual({ net: 1000, tax: 200, gross: 1200 });
    // 250 × 1000 / 10000 = 25; 5 × 1000 / 10000 = 0.5 → 1.
    expect(splitTax(5, 1000, TaxMode.Exclusive)).toEqual({ net: 5, tax: 1, gross: 6 });
    expect(splitTax(4, 1000, TaxMode.Exclusive)).toEqual({ net: 4, tax: 0, gross: 4 });
  });

  it('is exact on large lines', () => {
    const split = splitTax(100_000_000 * 100, 2500, TaxMode.Exclusive);
    expect(split).toEqual({ net: 10_000_000_000, tax: 2_500_000_000, gross: 12_500_000_000 });
  });

  it('a zero rate leaves the amount untouched', () => {
    expect(splitTax(4500, 0, TaxMode.Inclusive)).toEqual({ net: 4500, tax: 0, gross: 4500 });
    expect(splitTax(4500, 0, TaxMode.Exclusive)).toEqual({ net: 4500, tax: 0, gross: 4500 });
  });

  it('sums splits', () => {
    expect(
      sumSplits([
        { net: 1, tax: 2, gross: 3 },
        { net: 10, tax: 20, gross: 30 },
      ]),
    ).toEqual({ net: 11, tax: 22, gross: 33 });
  });

  it('a unit costs its price after the discount, with tax added on top when exclusive', () => {
    const item = { unitPrice: 1001, unitDiscount: 100, taxRateBps: 700 };
    expect(unitGross({ ...item, taxMode: TaxMode.Exclusive })).toBe(964);
    expect(unitGross({ ...item, taxMode: TaxMode.Inclusive })).toBe(901);
  });
});
