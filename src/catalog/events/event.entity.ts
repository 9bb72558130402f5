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
import { Promoter } from '../promoters/promoter.entity';
import { EventStatus } from './event-status';

/**
 * The full-text document: title weighs most, then the description, then the venue. Postgres keeps it up to
 * date itself (a stored generated column), and `idx_events_search` (GIN, created in the migration) indexes it.
 */
export const EVENT_SEARCH_EXPRESSION =
  "setweight(to_tsvector('english', coalesce(title, '')), 'A') || " +
  "setweight(to_tsvector('english', coalesce(category, '') || ' ' || coalesce(description, '')), 'B') || " +
  "setweight(to_tsvector('english', coalesce(venue_name, '') || ' ' || coalesce(venue_city, '')), 'C')";

@Entity('events')
@Check('chk_events_after_sale', '"resale_fee_bps" BETWEEN 0 AND 10000 AND "transfer_cutoff_minutes" >= 0')
@Check('chk_events_attendee_cutoff', '"attendee_cutoff_minutes" >= 0')
@Check(
  'chk_events_queue',
  '(NOT "queue_enabled" OR "queue_opens_at" IS NOT NULL) AND ("queue_admit_per_minute" IS NULL OR "queue_admit_per_minute" >= 1) AND "queue_token_ttl_seconds" >= 30',
)
@Index('idx_events_search', { synchronize: false })
// The city filter compares lower(venue_city); created in the migration.
@Index('idx_events_city_lower', { synchronize: false })
@Index(['status', 'startsAt'])
export class Event {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  promoterId: string;

  @ManyToOne(() => Promoter, { onDelete: 'RESTRICT' })
  promoter?: Promoter;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 160 })
  slug: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Index()
  @Column({ type: 'varchar', length: 60 })
  category: string;

  @Column({ type: 'varchar', length: 200 })
  venueName: string;

  @Column({ type: 'varchar', length: 500 })
  venueAddress: string;

  @Column({ type: 'varchar', length: 120 })
  venueCity: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  venueCountry: string;

  /** IANA time zone of the venue, for showing local times. Instants are stored in UTC. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  /** Null: sales open when the event is published. */
  @Column({ type: 'timestamptz', nullable: true })
  salesStartAt: Date | null;

  /** Null: sales close when the event ends. */
  @Column({ type: 'timestamptz', nullable: true })
  salesEndAt: Date | null;

  /** ISO 4217; every tier price is in this currency's minor units. */
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  imageUrl: string | null;

  /** Holders may transfer their tickets to someone else (until the cut-off). */
  @Column({ type: 'boolean', default: true })
  transfersEnabled: boolean;

  /** Holders may offer their tickets for face-value resale through the waitlist (until the cut-off). */
  @Column({ type: 'boolean', default: true })
  resaleEnabled: boolean;

  /** Kept from each resale payout, in basis points of the face value (250 = 2.5%). */
  @Column({ type: 'int', default: 0 })
  resaleFeeBps: number;

  /** Transfers and resale listings close this many minutes before the start. */
  @Column({ type: 'int', default: 0 })
  transferCutoffMinutes: number;

  /** Ticket holders may change attendee details and answers until this many minutes before the start. */
  @Column({ type: 'int', default: 0 })
  attendeeCutoffMinutes: number;

  /** The virtual waiting room (src/demand): buyers queue and `POST /orders` needs an admission token. */
  @Column({ type: 'boolean', default: false })
  queueEnabled: boolean;

  /** When buyers may start to queue; those who arrive before the sales start are drawn in random order. */
  @Column({ type: 'timestamptz', nullable: true })
  queueOpensAt: Date | null;

  /** Admissions in any 60 seconds at most; null: metered by the inventory alone. */
  @Column({ type: 'int', nullable: true })
  queueAdmitPerMinute: number | null;

  /** How long an admission token lets its buyer place an order. */
  @Column({ type: 'int', default: 600 })
  queueTokenTtlSeconds: number;

  @Column({ type: 'enum', enum: EventStatus, enumName: 'event_status', default: EventStatus.Draft })
  status: EventStatus;

  @Column({
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: EVENT_SEARCH_EXPRESSION,
    select: false,
    insert: false,
    update: false,
    nullable: true,
  })
  searchVector?: string;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}
