import { TaxMode } from '../../catalog/tiers/tax-mode';
import { InvoiceKind } from './invoice-kind';
import type { InvoicePdfContext } from './invoice-pdf';
import type { Invoice } from './invoice.entity';

const seller = {
  name: 'Analytical Nights Ltd',
  address: '12 St James Square\nLondon SW1Y 4JH\nUnited Kingdom',
  taxId: 'GB123456789',
  email: 'hello@analytical-nights.example',
};
const buyer = {
  name: 'Ada Lovelace',
  address: '10 Marylebone Road\nLondon NW1 5LS',
  taxId: null,
  email: 'ada@example.com',
};

/** An invoice with a discounted tax-inclusive line and a tax-exclusive one, as `npm run email:preview` draws it. */
export const SAMPLE_INVOICE: Invoice = {
  id: '9b7e6d5c-0000-4000-8000-000000000010',
  kind: InvoiceKind.Invoice,
  promoterId: '4f8a7d1e-0000-4000-8000-000000000001',
  orderId: '0f5e2d1c-0000-4000-8000-000000000002',
  invoiceId: null,
  number: 'ANALYT-2030-000042',
  year: 2030,
  sequence: 42,
  issuedAt: new Date('2030-05-14T10:01:00Z'),
  currency: 'GBP',
  lines: [
    {
      tierId: 't-standing',
      description: 'Standing',
      quantity: 2,
      unitPrice: 4500,
      unitDiscount: 450,
      taxRateBps: 2000,
      taxMode: TaxMode.Inclusive,
      net: 6750,
      tax: 1350,
      gross: 8100,
    },
    {
      tierId: 't-workshop',
      description: 'Workshop add-on',
      quantity: 1,
      unitPrice: 1000,
      unitDiscount: 0,
      taxRateBps: 500,
      taxMode: TaxMode.Exclusive,
      net: 1000,
      tax: 50,
      gross: 1050,
    },
  ],
  net: 7750,
  tax: 1400,
  fees: 203,
  total: 9353,
  seller,
  buyer,
  ticketIds: [],
  pdfReadyAt: null,
  createdAt: new Date('2030-05-14T10:01:00Z'),
  updatedAt: new Date('2030-05-14T10:01:00Z'),
};

/** A credit note for one of the sample invoice's standing tickets. */
export const SAMPLE_CREDIT_NOTE: Invoice = {
  ...SAMPLE_INVOICE,
  id: '9b7e6d5c-0000-4000-8000-000000000011',
  kind: InvoiceKind.CreditNote,
  invoiceId: SAMPLE_INVOICE.id,
  number: 'ANALYT-CN-2030-000007',
  sequence: 7,
  issuedAt: new Date('2030-05-20T09:00:00Z'),
  lines: [{ ...SAMPLE_INVOICE.lines[0], quantity: 1, net: 3375, tax: 675, gross: 4050 }],
  net: 3375,
  tax: 675,
  fees: 0,
  total: 4050,
  ticketIds: ['6a1b2c3d-0000-4000-8000-000000000003'],
};

export const SAMPLE_PDF_CONTEXT: Record<'invoice' | 'creditNote', InvoicePdfContext> = {
  invoice: { eventTitle: 'Difference Engine Live', creditedInvoiceNumber: null },
  creditNote: { eventTitle: 'Difference Engine Live', creditedInvoiceNumber: SAMPLE_INVOICE.number },
};
