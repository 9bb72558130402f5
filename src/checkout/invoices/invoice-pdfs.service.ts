import { Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { OnJob, Sweep } from '../../platform/jobs/job.decorators';
import { JobName, JobPayloads } from '../../platform/jobs/queues';
import { ObjectStorage } from '../../platform/storage/object-storage';
import { drawInvoicePdf } from './invoice-pdf';
import { Invoice } from './invoice.entity';

/** A document's PDF, ready to send or download. */
export interface InvoicePdf {
  filename: string;
  content: Buffer;
}

/** Where a document's PDF is kept in the object storage. */
export function invoicePdfKey(invoice: Pick<Invoice, 'id' | 'promoterId'>): string {
  return `invoices/${invoice.promoterId}/${invoice.id}.pdf`;
}

/** How many documents one sweep pass draws (the job normally has, long before). */
const SWEEP_BATCH = 20;
/** A document younger than this is left to its job. */
const SWEEP_AFTER_MS = 60_000;

/**
 * The PDFs of invoices and credit notes, kept in the object storage (`invoicePdfKey`). The worker draws each
 * once its document is committed (the job, or the sweep when Redis lost the job); anyone who needs a PDF that is not drawn yet (the confirmation email, a
 * download) draws it there and then, so no email goes without its invoice. Drawing twice is harmless: the same
 * document gives the same bytes, and the store replaces them.
 */
@Injectable()
export class InvoicePdfs {
  private readonly logger = new Logger(InvoicePdfs.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
  ) {}

  @OnJob(JobName.RenderInvoicePdf)
  async render({ invoiceId }: JobPayloads[JobName.RenderInvoicePdf]): Promise<void> {
    await this.pdfOf(invoiceId);
  }

  @Sweep({ name: 'invoice-pdfs', everySeconds: 60 })
  async drawMissing(now: Date): Promise<number> {
    const missing = await this.dataSource.manager.find(Invoice, {
      select: { id: true },
      where: { pdfReadyAt: IsNull(), createdAt: LessThan(new Date(now.getTime() - SWEEP_AFTER_MS)) },
      order: { createdAt: 'ASC' },
      take: SWEEP_BATCH,
    });
    for (const { id } of missing) await this.pdfOf(id);
    return missing.length;
  }

  /** The document's PDF, drawn and stored now if the worker has not yet. */
  async pdfOf(invoiceId: string): Promise<InvoicePdf> {
    const invoice = await this.dataSource.manager.findOneOrFail(Invoice, { where: { id: invoiceId } });
    const filename = `${invoice.number}.pdf`;
    const key = invoicePdfKey(invoice);
    const stored = invoice.pdfReadyAt ? await this.storage.get(key) : null;
    if (stored) return { filename, content: stored.body };
    const content = await drawInvoicePdf(invoice, await this.contextOf(invoice));
    await this.storage.put(key, content, 'application/pdf');
    await this.dataSource.manager.update(
      Invoice,
      { id: invoice.id, pdfReadyAt: IsNull() },
      { pdfReadyAt: () => 'now()' },
    );
    this.logger.log({ invoiceId, number: invoice.number, bytes: content.length }, 'invoice PDF drawn');
    return { filename, content };
  }

  private async contextOf(invoice: Invoice) {
    const [row] = (await this.dataSource.manager.query(
      `SELECT e.title, i.number AS credited
         FROM orders o JOIN events e ON e.id = o.event_id
         LEFT JOIN invoices i ON i.id = $2
        WHERE o.id = $1`,
      [invoice.orderId, invoice.invoiceId],
    )) as Array<{ title: string; credited: string | null }>;
    return { eventTitle: row.title, creditedInvoiceNumber: row.credited };
  }
}
