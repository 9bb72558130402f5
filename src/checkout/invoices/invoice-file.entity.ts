import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Invoice } from './invoice.entity';

/** A document's PDF, kept in Postgres by `DatabaseInvoiceFileStore` (the `InvoiceFileStore` in use). */
@Entity('invoice_files')
export class InvoiceFile {
  @PrimaryColumn('uuid')
  invoiceId: string;

  @ManyToOne(() => Invoice, { onDelete: 'CASCADE' })
  invoice?: Invoice;

  @Column({ type: 'bytea' })
  content: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
