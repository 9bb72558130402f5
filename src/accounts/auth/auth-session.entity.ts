import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * A signed-in device: one sign-in and every refresh token rotated from it (the refresh-token family shares this
 * id). Access tokens carry it as `sid`, so the owner can see "this device" and end any other one.
 */
@Entity('auth_sessions')
@Index(['userId', 'lastUsedAt'])
export class AuthSession {
  /** Chosen by the service: it is also the family id of the session's refresh tokens. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  /** The device, as its last request described itself. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent: string | null;

  /** The address of the last sign-in or refresh. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** Whether the sign-in passed a second factor; admin routes need it where two-factor is required. */
  @Column({ type: 'boolean', default: false })
  secondFactor: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The sign-in, then every refresh. */
  @Column({ type: 'timestamptz' })
  lastUsedAt: Date;

  /** Set by logout with the refresh token, "end this session", refresh-token reuse and "revoke everything". */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
