import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum IdempotencyKeyStatus {
  InFlight = 'in_flight',
  Completed = 'completed',
}

/**
 * A client's `Idempotency-Key`, scoped to the user who sent it, with the fingerprint of the request and, once
 * done, the response to replay. Kept 24 hours (Stripe's semantics); a sweeper deletes expired rows.
 */
@Entity('idempotency_keys')
@Index(['userId', 'key'], { unique: true })
export class IdempotencyKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of method, path and canonical body: the same key with another request is refused. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'enum', enum: IdempotencyKeyStatus, enumName: 'idempotency_key_status' })
  status: IdempotencyKeyStatus;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: object | null;

  @Index()
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
