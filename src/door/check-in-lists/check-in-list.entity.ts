import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Event } from '../../catalog/events/event.entity';

/**
 * Who may enter where and when: a list admits tickets of its tiers (every tier when empty), through its gates
 * (any gate when empty), between `validFrom` and `validUntil` (open-ended when null). With `allowReentry`,
 * scans alternate entry and exit; without it, a ticket enters once.
 */
@Entity('check_in_lists')
export class CheckInList {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  event?: Event;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  tierIds: string[];

  @Column({ type: 'varchar', length: 60, array: true, default: () => "'{}'" })
  gates: string[];

  @Column({ type: 'timestamptz', nullable: true })
  validFrom: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Column({ type: 'boolean', default: false })
  allowReentry: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Also the list's version: a scanner whose cursor predates it syncs again from the start. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Deleted lists keep their scan log; they admit nobody. */
  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}
