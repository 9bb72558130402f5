import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CheckInList } from '../check-in-lists/check-in-list.entity';
import { ScanOutcome } from './scan-outcome';

/**
 * The scan log: every scan, online or uploaded by an offline device, refused ones included. A device's scan is
 * idempotent per (device, nonce). `position` orders the counted scans of one ticket on one list by arrival (it
 * breaks ties of equal `scannedAt`); the outcome of a counted scan may change when an earlier one arrives later.
 */
@Entity('check_in_scans')
@Index('uq_check_in_scans_device_nonce', ['deviceId', 'nonce'], { unique: true })
@Index(['listId', 'ticketId'])
@Index(['listId', 'receivedAt'])
export class CheckInScan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  listId: string;

  @ManyToOne(() => CheckInList, { onDelete: 'RESTRICT' })
  list?: CheckInList;

  @Column({ type: 'uuid' })
  eventId: string;

  /** Null for a code that is not a genuine ticket. */
  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  /** The offline device that uploaded it, or null for an online scan. */
  @Column({ type: 'uuid', nullable: true })
  deviceId: string | null;

  /** The staff member who scanned online (or who registered the device). */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  /** The device's id for this scan (a UUID it made); null online. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  nonce: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  gate: string | null;

  /** When the code was read at the door (the device's clock offline). */
  @Column({ type: 'timestamptz' })
  scannedAt: Date;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'enum', enum: ScanOutcome, enumName: 'scan_outcome' })
  outcome: ScanOutcome;

  /** Arrival order among the counted scans of this ticket on this list; null for refused scans. */
  @Column({ type: 'int', nullable: true })
  position: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
