import { TaxMode } from '../../catalog/tiers/tax-mode';

/** One line of an invoice or a credit note, copied from the order item (a credit note's amounts are credited). */
export interface InvoiceLine {
  tierId: string;
  description: string;
  quantity: number;
  unitPrice: number;
  unitDiscount: number;
  taxRateBps: number;
  taxMode: TaxMode;
  net: number;
  tax: number;
  gross: number;
}

/** A party printed on a document: the seller (the promoter's legal details) or the buyer (billing details). */
export interface InvoiceParty {
  name: string;
  /** Lines separated by newlines, or null when none was given. */
  address: string | null;
  taxId: string | null;
  email: string | null;
}
