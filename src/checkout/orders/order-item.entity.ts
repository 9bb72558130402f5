import { Order } from './order.entity';
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
import { TicketTier } from '../../catalog/tiers/ticket-tier.entity';
import { TaxMode } from '../../catalog/tiers/tax-mode';

/** One tier in an order, with the unit price copied at the time of the hold. */
@Entity('order_items')
@Check('chk_order_items_quantity', '"quantity" > 0 AND "unit_price" >= 0')
@Check('chk_order_items_discount', '"unit_discount" >= 0 AND "unit_discount" <= "unit_price"')
@Check(
  'chk_order_items_tax',
  '"tax_rate_bps" BETWEEN 0 AND 10000 AND "tax" >= 0 AND "net" + "tax" = "gross" AND ' +
    `(CASE "tax_mode" WHEN 'inclusive' THEN "gross" ELSE "net" END) = "quantity" * ("unit_price" - "unit_discount")`,
)
@Index(['orderId', 'tierId'], { unique: true })
export class OrderItem {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  order?: Order;

  @Index()
  @Column({ type: 'uuid' })
  tierId: string;

  /**
   * Checked at commit, not at insert: an immediate check would take a KEY SHARE lock on the tier row when the
   * order rows are written, and two holds would then deadlock on each other's FOR UPDATE of that row.
   */
  @ManyToOne(() => TicketTier, { onDelete: 'NO ACTION', deferrable: 'INITIALLY DEFERRED' })
  tier?: TicketTier;

  /** The tier's name when ordered, for emails and receipts. */
  @Column({ type: 'varchar', length: 120 })
  tierName: string;

  @Column({ type: 'int' })
  quantity: number;

  /** Minor units, copied from the tier so a later price change never alters the order. */
  @Column({ type: 'int' })
  unitPrice: number;

  /** Taken off each unit by the order's code, minor units; the buyer pays `unitPrice - unitDiscount` a unit. */
  @Column({ type: 'int', default: 0 })
  unitDiscount: number;

  /** The tier's tax rate (basis points) and mode when ordered. */
  @Column({ type: 'int', default: 0 })
  taxRateBps: number;

  @Column({ type: 'enum', enum: TaxMode, enumName: 'tax_mode', default: TaxMode.Inclusive })
  taxMode: TaxMode;

  /**
   * The line's split (`splitTax` of `quantity × (unitPrice - unitDiscount)`, rounded once per line):
   * without tax, the tax, and what the buyer pays for the line.
   */
  @Column({ type: 'int' })
  net: number;

  @Column({ type: 'int' })
  tax: number;

  @Column({ type: 'int' })
  gross: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
