import {
  Check,
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Event } from '../events/event.entity';
import { AttendeeDetailsPolicy } from '../questions/question-type';
import { TaxMode } from './tax-mode';

/**
 * A kind of ticket for one event, with its own price, capacity and sales window. `sold` and `held` are the
 * committed units; the database itself refuses any write that would oversell (DESIGN.md, inventory invariant).
 */
@Entity('ticket_tiers')
@Check('chk_ticket_tiers_inventory', '"sold" >= 0 AND "held" >= 0 AND "sold" + "held" <= "capacity"')
@Check('chk_ticket_tiers_per_order', '"min_per_order" >= 1 AND "min_per_order" <= "max_per_order"')
@Check('chk_ticket_tiers_price', '"price" >= 0')
@Check('chk_ticket_tiers_capacity', '"capacity" >= 0')
@Check('chk_ticket_tiers_tax', '"tax_rate_bps" BETWEEN 0 AND 10000')
export class TicketTier {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  event?: Event;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** In minor units of the event's currency. Orders copy the unit price, so a change never alters them. */
  @Column({ type: 'int' })
  price: number;

  @Column({ type: 'int' })
  capacity: number;

  /** The tax rate in basis points (2000 = 20%); orders copy it, so a later change never alters them. */
  @Column({ type: 'int', default: 0 })
  taxRateBps: number;

  /** Whether `price` includes the tax or has it added on top. */
  @Column({ type: 'enum', enum: TaxMode, enumName: 'tax_mode', default: TaxMode.Inclusive })
  taxMode: TaxMode;

  @Column({ type: 'int', default: 0 })
  sold: number;

  /** Units in pending orders and open waitlist offers. */
  @Column({ type: 'int', default: 0 })
  held: number;

  /** Null: follows the event's sales window. */
  @Column({ type: 'timestamptz', nullable: true })
  salesStartAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  salesEndAt: Date | null;

  @Column({ type: 'int', default: 1 })
  minPerOrder: number;

  @Column({ type: 'int', default: 10 })
  maxPerOrder: number;

  /** Hidden tiers are shown only to the promoter's members and admins. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  /** Whether each ticket's attendee name and email must be given before the order can be paid. */
  @Column({
    type: 'enum',
    enum: AttendeeDetailsPolicy,
    enumName: 'attendee_details_policy',
    default: AttendeeDetailsPolicy.None,
  })
  attendeeDetails: AttendeeDetailsPolicy;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}
