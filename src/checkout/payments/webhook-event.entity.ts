import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Every provider event we accepted, unique by its id: a replayed delivery finds its row and is not handled again
 * once `processedAt` is set. A row without `processedAt` (the handler failed) is handled again on the retry.
 */
@Entity('webhook_events')
@Index(['provider', 'eventId'], { unique: true })
export class WebhookEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  provider: string;

  @Column({ type: 'varchar', length: 255 })
  eventId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  /** The provider object the event is about (a PaymentIntent id), for support. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  objectId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
