import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Event } from '../catalog/events/event.entity';
import { Order } from '../checkout/orders/order.entity';
import { TicketTier } from '../catalog/tiers/ticket-tier.entity';
import { User } from '../accounts/users/user.entity';
import { WaitlistStatus } from './waitlist-status';

/**
 * A buyer's place in the queue for a sold-out tier. While `offered`, `offeredQuantity` units of the tier are
 * reserved for it: they are counted in the tier's `held`, exactly like a pending order's units.
 */
@Entity('waitlist_entries')
@Check(
  'chk_waitlist_entries_quantity',
  '"quantity" > 0 AND ("offered_quantity" IS NULL OR "offered_quantity" > 0)',
)
// One active entry per buyer and tier; finished ones stay as history.
@Index('uq_waitlist_entries_active', ['userId', 'tierId'], {
  unique: true,
  where: `status IN ('waiting', 'offered')`,
})
// The offer routine's queue scan, in position order.
@Index('idx_waitlist_entries_queue', ['tierId', 'seq'], { where: `status = 'waiting'` })
// The lapse sweeper's scan.
@Index('idx_waitlist_entries_offers', ['offerExpiresAt'], { where: `status = 'offered'` })
@Index(['eventId', 'status'])
@Index(['userId', 'createdAt'])
export class WaitlistEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Queue order: entries of a tier are served in ascending `seq`. */
  @Column({ type: 'int' })
  @Generated('increment')
  seq: number;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  event?: Event;

  @Column({ type: 'uuid' })
  tierId: string;

  @ManyToOne(() => TicketTier, { onDelete: 'RESTRICT' })
  tier?: TicketTier;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  user?: User;

  @Column({
    type: 'enum',
    enum: WaitlistStatus,
    enumName: 'waitlist_status',
    default: WaitlistStatus.Waiting,
  })
  status: WaitlistStatus;

  /** How many tickets the buyer asked for. */
  @Column({ type: 'int' })
  quantity: number;

  /** How many units the offer reserved: the requested quantity or fewer (a partial offer). */
  @Column({ type: 'int', nullable: true })
  offeredQuantity: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  offeredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  offerExpiresAt: Date | null;

  /** The pending order a claim created. */
  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  order?: Order;

  /** When the entry was claimed, lapsed or left. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
