import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { InvoiceKind } from './invoice-kind';

/**
 * The last number issued in one series: a promoter's invoices or credit notes of one year. Incremented in the
 * transaction that issues the document, holding the row's lock until it commits, so numbers have no gaps (a
 * rolled-back issue gives its number back) and no duplicates.
 */
@Entity('invoice_counters')
@Check('chk_invoice_counters_sequence', '"last_sequence" >= 1')
export class InvoiceCounter {
  @PrimaryColumn('uuid')
  promoterId: string;

  @PrimaryColumn({ type: 'enum', enum: InvoiceKind, enumName: 'invoice_kind' })
  kind: InvoiceKind;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastSequence: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
