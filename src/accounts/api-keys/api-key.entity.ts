import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { API_KEY_SCOPES, ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { User } from '../users/user.entity';

/**
 * A promoter's API key for an integration. The token `tvk_<prefix>_<secret>` is shown once; the prefix is kept
 * in clear (to find the key and to show which key is which), the secret only as its SHA-256.
 */
@Entity('api_keys')
@Check(
  'chk_api_keys_scopes',
  `cardinality("scopes") >= 1 AND "scopes" <@ ARRAY[${API_KEY_SCOPES.map((s) => `'${s}'`).join(', ')}]::varchar[]`,
)
@Index('ix_api_keys_promoter_created', ['promoterId', 'createdAt'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  promoterId: string;

  /** By name: accounts/ comes before catalog/ in the module graph, so it does not import the Promoter entity. */
  @ManyToOne('Promoter', { onDelete: 'CASCADE' })
  promoter?: unknown;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The random hex part of the token after `tvk_`, unique: how a presented token finds its key. */
  @Index('uq_api_keys_prefix', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  /** SHA-256 (hex) of the token's secret part. */
  @Column({ type: 'char', length: 64, select: false })
  secretHash: string;

  @Column({ type: 'varchar', array: true, length: 32 })
  scopes: ApiKeyScope[];

  /** Null once the user who created it is gone: the key belongs to the promoter, not to them. */
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  /** Updated at most once a minute, so a busy integration does not write on every request. */
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
