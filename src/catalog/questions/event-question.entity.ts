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
import { QuestionType } from './question-type';

/**
 * A custom question asked for each ticket of an event (or of the tiers it names). Answers live on the order
 * while it is pending and on the tickets once paid, keyed by the question's id; a deleted question keeps them
 * but no longer shows them or asks for them.
 */
@Entity('event_questions')
@Index(['eventId', 'position'])
@Check('chk_event_questions_position', '"position" >= 0')
export class EventQuestion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  event?: Event;

  @Column({ type: 'varchar', length: 300 })
  label: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  helpText: string | null;

  @Column({ type: 'enum', enum: QuestionType, enumName: 'question_type' })
  type: QuestionType;

  /** Must be answered (a checkbox: ticked) before the order can be paid. */
  @Column({ type: 'boolean', default: false })
  required: boolean;

  /** Lower first. */
  @Column({ type: 'int', default: 0 })
  position: number;

  /** The answers to choose from (choice types only), in display order. */
  @Column({ type: 'varchar', length: 200, array: true, default: () => "'{}'" })
  choices: string[];

  /** Asked only for tickets of these tiers; empty: for every ticket of the event. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  tierIds: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}
