/// <reference types="pdfkit" />
import { formatMoney } from '../../platform/i18n/money';
import { TaxMode } from '../../catalog/tiers/tax-mode';
import { InvoiceKind } from './invoice-kind';
import type { Invoice } from './invoice.entity';
import type { InvoiceParty } from './invoice-line';

/** What a PDF shows besides the document itself. */
export interface InvoicePdfContext {
  eventTitle: string;
  /** A credit note's invoice number. */
  creditedInvoiceNumber: string | null;
}

type PdfDocument = PDFKit.PDFDocument;

const LOCALE = 'en-GB';
const LEFT = 50;
const RIGHT = 545;
const COLUMNS = [
  { title: 'Description', x: LEFT, width: 150, align: 'left' as const },
  { title: 'Qty', x: 205, width: 25, align: 'right' as const },
  { title: 'Unit price', x: 235, width: 60, align: 'right' as const },
  { title: 'Tax rate', x: 300, width: 60, align: 'right' as const },
  { title: 'Net', x: 365, width: 55, align: 'right' as const },
  { title: 'Tax', x: 425, width: 55, align: 'right' as const },
  { title: 'Gross', x: 485, width: 60, align: 'right' as const },
];

/**
 * Draws an invoice or a credit note as an A4 PDF: the seller and buyer, the lines with their tax rate and mode,
 * the untaxed booking fee, the totals and the tax per rate. pdfkit is loaded here, on first use (in the worker),
 * so the API's memory does not grow at boot. The document's dates come from the invoice, so drawing the same
 * document twice gives the same bytes.
 */
export async function drawInvoicePdf(invoice: Invoice, context: InvoicePdfContext): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as PDFKit.PDFDocument;
  const credit = invoice.kind === InvoiceKind.CreditNote;
  const title = `${credit ? 'Credit note' : 'Invoice'} ${invoice.number}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: LEFT,
    info: { Title: title, Author: invoice.seller.name, CreationDate: invoice.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (amount: number) => formatMoney(amount, invoice.currency, LOCALE);

  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(credit ? 'CREDIT NOTE' : 'INVOICE', LEFT, 50);
  doc.font('Helvetica').fontSize(10);
  doc.text(`Number: ${invoice.number}`, LEFT, 80);
  doc.text(`Date: ${invoice.issuedAt.toISOString().slice(0, 10)}`);
  doc.text(`Order: ${invoice.orderId}`);
  doc.text(`Event: ${context.eventTitle}`);
  if (context.creditedInvoiceNumber) doc.text(`Credits invoice: ${context.creditedInvoiceNumber}`);

  party(doc, 'From', invoice.seller, LEFT, 170);
  party(doc, credit ? 'Credited to' : 'Bill to', invoice.buyer, 310, 170);

  let y = 280;
  doc.font('Helvetica-Bold').fontSize(9);
  for (const c of COLUMNS) doc.text(c.title, c.x, y, { width: c.width, align: c.align });
  y += 16;
  doc
    .moveTo(LEFT, y - 4)
    .lineTo(RIGHT, y - 4)
    .stroke();
  doc.font('Helvetica').fontSize(9);
  for (const line of invoice.lines) {
    const unit = line.unitPrice - line.unitDiscount;
    const discount = line.unitDiscount > 0 ? ` (${money(line.unitDiscount)} off)` : '';
    const cells = [
      `${line.description}${discount}`,
      String(line.quantity),
      money(unit),
      `${line.taxRateBps / 100}% ${line.taxMode === TaxMode.Inclusive ? 'incl.' : 'excl.'}`,
      money(line.net),
      money(line.tax),
      money(line.gross),
    ];
    y = row(doc, cells, y);
  }
  if (invoice.fees > 0) {
    y = row(doc, ['Booking fee (no tax)', '', '', '', money(invoice.fees), money(0), money(invoice.fees)], y);
  }
  doc
    .moveTo(LEFT, y + 2)
    .lineTo(RIGHT, y + 2)
    .stroke();
  y += 12;

  const totals: Array<[string, string]> = [
    ['Net', money(invoice.net)],
    ...(invoice.fees > 0 ? [['Booking fee', money(invoice.fees)] as [string, string]] : []),
    ...taxPerRate(invoice).map(([rate, tax]): [string, string] => [`Tax ${rate / 100}%`, money(tax)]),
    [credit ? 'Total credited' : 'Total', money(invoice.total)],
  ];
  for (const [i, [label, value]] of totals.entries()) {
    doc.font(i === totals.length - 1 ? 'Helvetica-Bold' : 'Helvetica');
    doc.text(label, 345, y, { width: 100, align: 'right' });
    doc.text(value, 445, y, { width: 100, align: 'right' });
    y += 14;
  }
  doc.font('Helvetica').fontSize(8).fillColor('#555555');
  doc.text(
    credit
      ? `This credit note reverses the amounts above of invoice ${context.creditedInvoiceNumber ?? ''}.`
      : 'Paid in full. Tax is computed per line on the price after any discount, rounded half up.',
    LEFT,
    y + 20,
    { width: RIGHT - LEFT },
  );
  doc.end();
  return done;
}

function party(doc: PdfDocument, heading: string, p: InvoiceParty, x: number, y: number): void {
  doc.font('Helvetica-Bold').fontSize(10).text(heading, x, y);
  doc.font('Helvetica').fontSize(10);
  const lines = [p.name, ...(p.address ? p.address.split('\n') : [])];
  if (p.taxId) lines.push(`Tax id: ${p.taxId}`);
  if (p.email) lines.push(p.email);
  for (const line of lines) doc.text(line, x, undefined, { width: 235 });
}

/** Draws one table row and returns the y of the next (the tallest cell decides). */
function row(doc: PdfDocument, cells: string[], y: number): number {
  let height = 0;
  cells.forEach((text, i) => {
    const c = COLUMNS[i];
    height = Math.max(height, doc.heightOfString(text, { width: c.width }));
    doc.text(text, c.x, y, { width: c.width, align: c.align });
  });
  return y + height + 6;
}

/** The tax per rate, lowest rate first (rates with no tax are left out). */
function taxPerRate(invoice: Invoice): Array<[number, number]> {
  const byRate = new Map<number, number>();
  for (const l of invoice.lines) byRate.set(l.taxRateBps, (byRate.get(l.taxRateBps) ?? 0) + l.tax);
  return [...byRate.entries()].filter(([rate]) => rate > 0).sort((a, b) => a[0] - b[0]);
}
