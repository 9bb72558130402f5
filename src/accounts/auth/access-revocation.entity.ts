import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../../platform/auth/roles';
import { User } from '../users/user.entity';

export enum RevocationKind {
  /** One access token (`jti`) logged out. */
  Logout = 'logout',
  /** Every access token of the user issued before `effectiveAt` is refused (revoke all, account disabled). */
  RevokeAll = 'revoke_all',
  /** Access tokens of the user issued before `effectiveAt` act with `role`. */
  Role = 'role',
  /** Every access token of one session (`sessionId`, the token's `sid`) is refused. */
  Session = 'session',
}

/**
 * One change that makes some access tokens mean something else before they expire: a logout, "revoke every
 * session" or a disabled account, or a role change. Written in the transaction of the change, so Postgres is the
 * durable record; every API instance keeps the unexpired rows in memory (Revocations), fed by Redis pub/sub and
 * a poll of this table, and authenticates with no database read per request.
 */
@Entity('access_revocations')
export class AccessRevocation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column({ type: 'enum', enum: RevocationKind, enumName: 'access_revocation_kind' })
  kind: RevocationKind;

  /** `logout`: the access token logged out. */
  @Column({ type: 'uuid', nullable: true })
  jti: string | null;

  /** `session`: the session ended. */
  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  /** `role`: the user's new role. */
  @Column({ type: 'enum', enum: Role, enumName: 'user_role', nullable: true })
  role: Role | null;

  /** When the change happened (wall-clock time, like a JWT's `iat`): tokens issued before it are affected. */
  @Column({ type: 'timestamptz' })
  effectiveAt: Date;

  /** When the row was written (database time); the poll of other instances reads by it. */
  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Once every token this row concerns has expired, the row means nothing (the sweep deletes it). */
  @Index()
  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
