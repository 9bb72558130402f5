/**
 * What a resold ticket's seller gets back: what the new buyer paid, never more than the seller paid, less the
 * promoter's fee in basis points (rounded to the nearest minor unit).
 */
export function resalePayout(
  facePrice: number,
  buyerPrice: number,
  feeBps: number,
): { amount: number; fee: number } {
  const gross = Math.min(facePrice, buyerPrice);
  const fee = Math.round((gross * feeBps) / 10_000);
  return { amount: gross - fee, fee };
}
