import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Event } from '../../catalog/events/event.entity';

/**
 * The record that an event's reminders went out for one start time. Its primary key is the claim: of two
 * workers sending at once, the second one's insert conflicts and it sends nothing. A moved event has a new
 * start, so it gets a new row and its holders a new reminder.
 */
@Entity('event_reminders')
export class EventReminder {
  @PrimaryColumn('uuid')
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  event?: Event;

  /** The start the reminders announced. */
  @PrimaryColumn({ type: 'timestamptz' })
  startsAt: Date;

  /** How many ticket holders were emailed. */
  @Column({ type: 'int', default: 0 })
  recipients: number;

  /** When the reminders were written to the outbox. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
