import { TaxMode } from '../../catalog/tiers/tax-mode';

/** A line's money split: `net + tax = gross`, all in minor units. */
export interface TaxSplit {
  net: number;
  tax: number;
  gross: number;
}

/** `numerator / denominator` rounded half up, in integers (no float can land on x.4999…). Both non-negative. */
export function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * The tax of one order line, computed once on the line's amount (quantity × unit price after the discount) and
 * rounded half up to the minor unit. Inclusive: the amount is the gross, `tax = gross × rate / (10000 + rate)`.
 * Exclusive: the amount is the net, `tax = net × rate / 10000`, and the buyer pays `net + tax`.
 */
export function splitTax(amount: number, rateBps: number, mode: TaxMode): TaxSplit {
  if (mode === TaxMode.Inclusive) {
    const tax = divideHalfUp(amount * rateBps, 10_000 + rateBps);
    return { net: amount - tax, tax, gross: amount };
  }
  const tax = divideHalfUp(amount * rateBps, 10_000);
  return { net: amount, tax, gross: amount + tax };
}

/** The sum of several splits. */
export function sumSplits(splits: TaxSplit[]): TaxSplit {
  return splits.reduce((s, x) => ({ net: s.net + x.net, tax: s.tax + x.tax, gross: s.gross + x.gross }), {
    net: 0,
    tax: 0,
    gross: 0,
  });
}

/** What one unit of an order line costs the buyer: its price after the discount, with its tax. */
export function unitGross(item: {
  unitPrice: number;
  unitDiscount: number;
  taxRateBps: number;
  taxMode: TaxMode;
}): number {
  return splitTax(item.unitPrice - item.unitDiscount, item.taxRateBps, item.taxMode).gross;
}
