import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Promoter } from '../../catalog/promoters/promoter.entity';

export enum WebhookEndpointStatus {
  Enabled = 'enabled',
  Disabled = 'disabled',
}

/** Why an endpoint stopped receiving: its team said so, it kept failing, or it answered 410 Gone. */
export enum WebhookDisabledReason {
  Manual = 'manual',
  Failing = 'failing',
  Gone = 'gone',
}

/** A promoter's webhook receiver: where to POST which event types, and the secret that signs them. */
@Entity('webhook_endpoints')
@Index(['promoterId', 'createdAt'])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  promoterId: string;

  @ManyToOne(() => Promoter, { onDelete: 'CASCADE' })
  promoter?: Promoter;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** The subscribed event types (`WEBHOOK_EVENT_TYPES`). */
  @Column({ type: 'text', array: true })
  events: string[];

  @Column({
    type: 'enum',
    enum: WebhookEndpointStatus,
    enumName: 'webhook_endpoint_status',
    default: WebhookEndpointStatus.Enabled,
  })
  status: WebhookEndpointStatus;

  @Column({
    type: 'enum',
    enum: WebhookDisabledReason,
    enumName: 'webhook_disabled_reason',
    nullable: true,
  })
  disabledReason: WebhookDisabledReason | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** The signing secret, `whsec_<base64>`. HMAC needs it in the clear; it is shown to the team only once. */
  @Column({ type: 'varchar', length: 100, select: false })
  secret: string;

  /** The secret before the last rotation, still signing (as a second signature) until `previousSecretExpiresAt`. */
  @Column({ type: 'varchar', length: 100, nullable: true, select: false })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  /** Set by the first failed attempt after a success; five days of failures disable the endpoint. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
