import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Event } from '../../catalog/events/event.entity';

/**
 * An offline scanner registered for one event. Its token is shown once; only its SHA-256 is kept. It reads the
 * sync feed and uploads scans of that event's check-in lists, nothing else.
 */
@Entity('scanner_devices')
export class ScannerDevice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  event?: Event;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** SHA-256 (hex) of the token. */
  @Index({ unique: true })
  @Column({ type: 'char', length: 64, select: false })
  tokenHash: string;

  /** The staff member who registered it: the `checkedInBy` of tickets it admits. */
  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
