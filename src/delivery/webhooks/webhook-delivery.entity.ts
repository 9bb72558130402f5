import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export enum WebhookDeliveryStatus {
  Pending = 'pending',
  Succeeded = 'succeeded',
  Failed = 'failed',
}

/**
 * One message for one endpoint: the webhook outbox row, written in the transaction of the change it reports,
 * and its delivery log (attempts, the last response). Deliveries of an endpoint go out in `seq` order.
 */
@Entity('webhook_deliveries')
@Index(['endpointId', 'seq'])
// The sweep's scan for due deliveries.
@Index('idx_webhook_deliveries_due', ['nextAttemptAt'], { where: `status = 'pending'` })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Commit-independent creation order; an endpoint receives its deliveries in this order. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ type: 'uuid' })
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  endpoint?: WebhookEndpoint;

  /** The `webhook-id` header: the same for every endpoint and every attempt of one message. */
  @Column({ type: 'varchar', length: 40 })
  messageId: string;

  @Column({ type: 'varchar', length: 64 })
  eventType: string;

  /** The exact body sent and signed (JSON text, kept as text so the bytes never change). */
  @Column({ type: 'text' })
  payload: string;

  @Column({
    type: 'enum',
    enum: WebhookDeliveryStatus,
    enumName: 'webhook_delivery_status',
    default: WebhookDeliveryStatus.Pending,
  })
  status: WebhookDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt: Date;

  /** A worker is sending it until then; a crashed worker's claim simply runs out. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  /** The HTTP status of the last attempt; null when it got no answer (refused, timed out, connection error). */
  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  /** The start of the last response body. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  responseBody: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
