/** Who an invoice is made out to, as the buyer gave it. */
export interface BillingDetails {
  /** A person's or a company's name. */
  name: string;
  /** The postal address, lines separated by newlines. */
  address: string;
  /** A VAT or other tax id, when the buyer has one. */
  taxId: string | null;
}
