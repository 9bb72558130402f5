import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Event } from '../events/event.entity';
import { CodeKind } from './code-kind';

/**
 * A code of one event: a discount, access to hidden tiers, or a presale. Its uses are inventory like a tier's
 * units: `held` counts the pending orders that carry it, `used` the paid ones, and the database refuses any write
 * that would take more than `max_uses` (the checkout locks the row after the tiers, see CodeStockService).
 * `code` is stored upper case, so codes are unique per event whatever the case they are typed in.
 */
@Entity('promo_codes')
@Index('uq_promo_codes_event_code', ['eventId', 'code'], { unique: true })
@Check(
  'chk_promo_codes_uses',
  '"used" >= 0 AND "held" >= 0 AND ("max_uses" IS NULL OR "used" + "held" <= "max_uses")',
)
@Check(
  'chk_promo_codes_limits',
  '("max_uses" IS NULL OR "max_uses" >= 1) AND ("max_per_buyer" IS NULL OR "max_per_buyer" >= 1)',
)
@Check(
  'chk_promo_codes_discount',
  `("kind" = 'discount') = (("discount_bps" IS NULL) <> ("discount_amount" IS NULL))` +
    ` AND ("discount_bps" IS NULL OR "discount_bps" BETWEEN 1 AND 10000)` +
    ` AND ("discount_amount" IS NULL OR "discount_amount" >= 1)`,
)
export class PromoCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  event?: Event;

  /** Upper case: `A-Z`, `0-9`, `-` and `_`. */
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'enum', enum: CodeKind, enumName: 'promo_code_kind' })
  kind: CodeKind;

  /** Discount codes: a percentage off each ticket, in basis points (2500 = 25%). */
  @Column({ type: 'int', nullable: true })
  discountBps: number | null;

  /** Discount codes: a fixed amount off each ticket, in minor units (never below a free ticket). */
  @Column({ type: 'int', nullable: true })
  discountAmount: number | null;

  /** The tiers it applies to; empty: every tier (discount, presale). Access codes name at least one. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  tierIds: string[];

  /** Orders that may carry it, paid or pending; null: unlimited. */
  @Column({ type: 'int', nullable: true })
  maxUses: number | null;

  /** Orders one buyer may carry it on, paid or pending; null: unlimited. */
  @Column({ type: 'int', nullable: true })
  maxPerBuyer: number | null;

  /** Paid orders that carry it (a whole refund gives the use back). */
  @Column({ type: 'int', default: 0 })
  used: number;

  /** Pending orders that carry it. */
  @Column({ type: 'int', default: 0 })
  held: number;

  @Column({ type: 'timestamptz', nullable: true })
  validFrom: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  /** A deactivated code is refused; a code is never deleted once an order carried it. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
