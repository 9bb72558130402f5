/**
 * How a tier's price relates to its tax: `inclusive` (the price is what the buyer pays, tax included, as in most
 * of Europe) or `exclusive` (the tax is added on top of the price, as with US sales tax).
 */
export enum TaxMode {
  Inclusive = 'inclusive',
  Exclusive = 'exclusive',
}

/** The highest tax rate a tier may carry, in basis points (100%). */
export const MAX_TAX_RATE_BPS = 10_000;
