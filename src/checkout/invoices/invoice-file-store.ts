import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvoiceFile } from './invoice-file.entity';

/**
 * Where documents' PDFs are kept. The one implementation today is Postgres (`invoice_files`, bytea); an object
 * storage one can take its place behind this interface without touching the callers.
 */
export abstract class InvoiceFileStore {
  /** Stores (or replaces) a document's PDF. */
  abstract put(invoiceId: string, pdf: Buffer): Promise<void>;
  /** The stored PDF, or null when none is. */
  abstract get(invoiceId: string): Promise<Buffer | null>;
}

@Injectable()
export class DatabaseInvoiceFileStore extends InvoiceFileStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async put(invoiceId: string, pdf: Buffer): Promise<void> {
    await this.dataSource.manager.upsert(InvoiceFile, { invoiceId, content: pdf }, ['invoiceId']);
  }

  async get(invoiceId: string): Promise<Buffer | null> {
    const file = await this.dataSource.manager.findOne(InvoiceFile, { where: { invoiceId } });
    return file?.content ?? null;
  }
}
