import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../accounts/users/user.entity';
import { Event } from '../../catalog/events/event.entity';
import { TicketTier } from '../../catalog/tiers/ticket-tier.entity';
import { QueueEntryStatus } from './queue-status';

/**
 * A buyer's place in an event's waiting room: the record (Redis only indexes the waiting entries by `rank` for
 * position reads). One per buyer and event.
 */
@Entity('queue_entries')
@Index('uq_queue_entries_event_user', ['eventId', 'userId'], { unique: true })
// Admission order and the index rebuild.
@Index('idx_queue_entries_waiting', ['eventId', 'rank'], { where: `status = 'waiting'` })
// Outstanding admissions and lapses.
@Index('idx_queue_entries_admitted', ['eventId', 'admissionExpiresAt'], { where: `status = 'admitted'` })
// The per-minute cap: admissions of the last 60 seconds.
@Index('idx_queue_entries_admitted_at', ['eventId', 'admittedAt'])
export class QueueEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  event?: Event;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  user?: User;

  /**
   * Queue order, ascending. Arrivals before the sales start draw a random 48-bit rank; later ones get
   * 2^48 + their arrival sequence, so they line up behind every early arrival in arrival order.
   */
  @Column({ type: 'bigint' })
  rank: string;

  /** Arrived before the sales start: the rank was drawn at random. */
  @Column({ type: 'boolean' })
  randomised: boolean;

  @Column({
    type: 'enum',
    enum: QueueEntryStatus,
    enumName: 'queue_entry_status',
    default: QueueEntryStatus.Waiting,
  })
  status: QueueEntryStatus;

  /** The buyer asked to join the waitlist of `waitlistTierId` if the event sells out while they wait. */
  @Column({ type: 'uuid', nullable: true })
  waitlistTierId: string | null;

  @ManyToOne(() => TicketTier, { onDelete: 'RESTRICT' })
  waitlistTier?: TicketTier;

  @Column({ type: 'timestamptz', nullable: true })
  admittedAt: Date | null;

  /** The admission token's expiry. */
  @Column({ type: 'timestamptz', nullable: true })
  admissionExpiresAt: Date | null;

  /** The order whose hold used the token. */
  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
