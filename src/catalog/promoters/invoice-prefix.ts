/** What an invoice prefix must look like: 2 to 10 upper-case letters and digits (`ACME` in `ACME-2026-000123`). */
export const INVOICE_PREFIX_PATTERN = /^[A-Z0-9]{2,10}$/;

/**
 * The prefix a promoter's invoice numbers start with: the one it chose, or the first six letters and digits of
 * its slug in upper case ("moonlight-concerts" → `MOONLI`), padded with `X` to two.
 */
export function invoicePrefixOf(promoter: { invoicePrefix: string | null; slug: string }): string {
  if (promoter.invoicePrefix) return promoter.invoicePrefix;
  return promoter.slug
    .replace(/[^a-z0-9]/gi, '')
    .toUpperCase()
    .slice(0, 6)
    .padEnd(2, 'X');
}
