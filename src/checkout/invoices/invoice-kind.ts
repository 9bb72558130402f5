/** An invoice (one per paid order) or a credit note (one per refund of an invoiced order). */
export enum InvoiceKind {
  Invoice = 'invoice',
  CreditNote = 'credit_note',
}
