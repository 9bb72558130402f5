import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../accounts/users/user.entity';

export enum DataExportStatus {
  /** Requested; the worker has not built the archive yet. */
  Pending = 'pending',
  /** Built and emailed; downloadable with the link's token until `expiresAt`. */
  Ready = 'ready',
}

/**
 * A GDPR export: everything the platform holds about one user, as one JSON archive built by the worker and kept
 * here (not on object storage) until its link expires. The link's token is stored only as a hash.
 */
@Entity('data_exports')
@Index(['userId', 'createdAt'])
export class DataExport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  /** Who asked: the user, or an admin on their behalf. */
  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @Column({
    type: 'enum',
    enum: DataExportStatus,
    enumName: 'data_export_status',
    default: DataExportStatus.Pending,
  })
  status: DataExportStatus;

  /** The hash of the emailed link's token; set when the archive is built (the token exists only in the email). */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  tokenHash: string | null;

  /** The archive; null until built, and again once the link has expired (the sweep clears it). */
  @Column({ type: 'jsonb', nullable: true })
  archive: Record<string, unknown> | null;

  /** When the link stops working; set when the archive is built. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
