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

/** One tier in an order, with the unit price copied at the time of the hold. */
@Entity('order_items')
@Check('chk_order_items_quantity', '"quantity" > 0 AND "unit_price" >= 0')
@Check('chk_order_items_discount', '"unit_discount" >= 0 AND "unit_discount" <= "unit_price"')
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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
