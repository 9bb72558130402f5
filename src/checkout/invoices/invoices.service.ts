import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { afterCommit } from '../../platform/database/after-commit';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { invoicePrefixOf } from '../../catalog/promoters/invoice-prefix';
import { splitTax, sumSplits } from '../taxes/tax-math';
import { TaxMode } from '../../catalog/tiers/tax-mode';
import type { OrderContext } from '../orders/order-context';
import { Credit, creditFor } from './credit-note-lines';
import { InvoiceKind } from './invoice-kind';
import type { InvoiceLine, InvoiceParty } from './invoice-line';
import { formatInvoiceNumber, nextSequence } from './invoice-numbering';
import { Invoice } from './invoice.entity';

interface SellerRow {
  name: string;
  slug: string;
  contact_email: string;
  legal_name: string | null;
  legal_address: string | null;
  tax_id: string | null;
  invoice_prefix: string | null;
}

/** A credit note decided before it is numbered: what it credits, against which invoice. */
export interface PlannedCredit {
  invoice: Invoice;
  credit: Credit;
  /** What the refund gives back: the credited lines' gross plus the fee credited. */
  total: number;
}

/**
 * Issues invoices and credit notes inside the caller's transaction (fulfilment, refunds). Numbers come from the
 * promoter's counter row (`nextSequence`), taken last so its lock is held for the shortest time. Once the
 * transaction commits the worker draws the PDF (InvoicePdfs); the sweep covers a lost job.
 */
@Injectable()
export class InvoicesService {
  constructor(@InjectQueue(QueueName.Documents) private readonly queue: Queue) {}

  /** The invoice of an order being paid: its lines, fee and parties as they are now. */
  async issueInvoice(manager: EntityManager, context: OrderContext, now: Date): Promise<Invoice> {
    const { order } = context;
    const lines: InvoiceLine[] = context.items.map((i) => ({
      tierId: i.tierId,
      description: i.tierName,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
      unitDiscount: i.unitDiscount,
      taxRateBps: i.taxRateBps,
      taxMode: i.taxMode,
      net: i.net,
      tax: i.tax,
      gross: i.gross,
    }));
    const billing = order.billingDetails;
    const buyer: InvoiceParty = billing
      ? { name: billing.name, address: billing.address, taxId: billing.taxId, email: context.buyer.email }
      : { name: context.buyer.name, address: null, taxId: null, email: context.buyer.email };
    return this.issue(manager, {
      kind: InvoiceKind.Invoice,
      promoterId: context.event.promoterId,
      orderId: order.id,
      invoiceId: null,
      currency: order.currency,
      lines,
      fees: order.fees,
      buyer,
      ticketIds: [],
      now,
    });
  }

  /**
   * What a refund of `tickets` credits on the order's invoice, or null when the order has none (paid before
   * invoices existed). `full`: the refund leaves no ticket, so it credits everything left, fee included.
   * `cappedAt`: the refund gives back less than the tickets cost (a resale keeps its fee), so the credit is that
   * amount, its tax taken out at the line's rate.
   */
  async planCredit(
    manager: EntityManager,
    orderId: string,
    tickets: Array<{ tierId: string }>,
    full: boolean,
    cappedAt?: number,
  ): Promise<PlannedCredit | null> {
    const documents = await manager.find(Invoice, { where: { orderId }, order: { issuedAt: 'ASC' } });
    const invoice = documents.find((d) => d.kind === InvoiceKind.Invoice);
    if (!invoice) return null;
    const units = new Map<string, number>();
    for (const t of tickets) units.set(t.tierId, (units.get(t.tierId) ?? 0) + 1);
    const earlier = documents.filter((d) => d.kind === InvoiceKind.CreditNote);
    const credit = creditFor(invoice, earlier, units, full);
    if (cappedAt !== undefined) capCredit(credit, cappedAt);
    return { invoice, credit, total: sumSplits(credit.lines).gross + credit.fees };
  }

  /** The credit note of a refund planned with `planCredit`, numbered in the promoter's credit-note series. */
  async issueCreditNote(
    manager: EntityManager,
    planned: PlannedCredit,
    ticketIds: string[],
    now: Date,
  ): Promise<Invoice> {
    const { invoice, credit } = planned;
    return this.issue(manager, {
      kind: InvoiceKind.CreditNote,
      promoterId: invoice.promoterId,
      orderId: invoice.orderId,
      invoiceId: invoice.id,
      currency: invoice.currency,
      lines: credit.lines,
      fees: credit.fees,
      buyer: invoice.buyer,
      ticketIds,
      now,
    });
  }

  /** Queues the drawing of a document's PDF. Idempotent: the job id is the document's id. */
  async schedulePdf(invoiceId: string): Promise<void> {
    const payload: JobPayloads[JobName.RenderInvoicePdf] = { invoiceId };
    await this.queue.add(JobName.RenderInvoicePdf, payload, { jobId: invoiceId });
  }

  private async issue(
    manager: EntityManager,
    doc: Pick<Invoice, 'kind' | 'promoterId' | 'orderId' | 'invoiceId' | 'currency' | 'lines' | 'fees'> & {
      buyer: InvoiceParty;
      ticketIds: string[];
      now: Date;
    },
  ): Promise<Invoice> {
    const seller = await this.seller(manager, doc.promoterId);
    const year = doc.now.getUTCFullYear();
    const sequence = await nextSequence(manager, doc.promoterId, doc.kind, year);
    const { net, tax } = sumSplits(doc.lines);
    const invoice = manager.create(Invoice, {
      id: randomUUID(),
      kind: doc.kind,
      promoterId: doc.promoterId,
      orderId: doc.orderId,
      invoiceId: doc.invoiceId,
      number: formatInvoiceNumber(seller.prefix, doc.kind, year, sequence),
      year,
      sequence,
      issuedAt: doc.now,
      currency: doc.currency,
      lines: doc.lines,
      net,
      tax,
      fees: doc.fees,
      total: net + tax + doc.fees,
      seller: seller.party,
      buyer: doc.buyer,
      ticketIds: doc.ticketIds,
      pdfReadyAt: null,
    });
    await manager.insert(Invoice, invoice);
    afterCommit(manager, () => this.schedulePdf(invoice.id));
    return invoice;
  }

  private async seller(
    manager: EntityManager,
    promoterId: string,
  ): Promise<{ prefix: string; party: InvoiceParty }> {
    const [p] = (await manager.query(
      `SELECT name, slug, contact_email, legal_name, legal_address, tax_id, invoice_prefix
         FROM promoters WHERE id = $1`,
      [promoterId],
    )) as SellerRow[];
    return {
      prefix: invoicePrefixOf({ invoicePrefix: p.invoice_prefix, slug: p.slug }),
      party: {
        name: p.legal_name ?? p.name,
        address: p.legal_address,
        taxId: p.tax_id,
        email: p.contact_email,
      },
    };
  }
}

/** Lowers a credit to `amount` at most: no fee, and each line's gross cut in turn, its tax taken out again. */
function capCredit(credit: Credit, amount: number): void {
  let left = amount;
  credit.fees = 0;
  for (const [i, line] of credit.lines.entries()) {
    const gross = Math.min(line.gross, left);
    left -= gross;
    credit.lines[i] = { ...line, ...splitTax(gross, line.taxRateBps, TaxMode.Inclusive) };
  }
}
