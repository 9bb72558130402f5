import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Promoter } from '../../catalog/promoters/promoter.entity';
import { Order } from '../orders/order.entity';
import { InvoiceKind } from './invoice-kind';
import type { InvoiceLine, InvoiceParty } from './invoice-line';

/**
 * An issued invoice or credit note. Issued documents never change (only `pdfReadyAt` is set once the worker has
 * drawn the PDF): the seller, the buyer and the lines are copied at issue time. `sequence` is the gap-free number
 * within the promoter's series for the kind and year (`invoice_counters`).
 */
@Entity('invoices')
@Check(
  'chk_invoices_amounts',
  '"sequence" >= 1 AND "tax" >= 0 AND "fees" >= 0 AND "total" = "net" + "tax" + "fees"',
)
@Check('chk_invoices_credit_note', `("kind" = 'credit_note') = ("invoice_id" IS NOT NULL)`)
@Index(['promoterId', 'kind', 'year', 'sequence'], { unique: true })
@Index(['promoterId', 'number'], { unique: true })
@Index('uq_invoices_order_invoice', ['orderId'], { unique: true, where: `"kind" = 'invoice'` })
@Index(['orderId', 'issuedAt'])
export class Invoice {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: InvoiceKind, enumName: 'invoice_kind' })
  kind: InvoiceKind;

  @Column({ type: 'uuid' })
  promoterId: string;

  @ManyToOne(() => Promoter, { onDelete: 'RESTRICT' })
  promoter?: Promoter;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  order?: Order;

  /** A credit note's invoice. */
  @Column({ type: 'uuid', nullable: true })
  invoiceId: string | null;

  @ManyToOne(() => Invoice, { onDelete: 'RESTRICT' })
  invoice?: Invoice | null;

  /** `ACME-2026-000123`, or `ACME-CN-2026-000004` for a credit note. */
  @Column({ type: 'varchar', length: 40 })
  number: string;

  /** The calendar year (UTC) of `issuedAt`: each year's series starts at 1. */
  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'jsonb' })
  lines: InvoiceLine[];

  /** Minor units; a credit note's are the amounts credited (positive). */
  @Column({ type: 'int' })
  net: number;

  @Column({ type: 'int' })
  tax: number;

  /** The booking fee (untaxed). */
  @Column({ type: 'int' })
  fees: number;

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'jsonb' })
  seller: InvoiceParty;

  @Column({ type: 'jsonb' })
  buyer: InvoiceParty;

  /** A credit note's refunded tickets. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  ticketIds: string[];

  /** When the PDF was drawn and stored; null until then. */
  @Column({ type: 'timestamptz', nullable: true })
  pdfReadyAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
