import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OutboxAttachment } from './outbox-attachment';

export enum NotificationStatus {
  Queued = 'queued',
  Sent = 'sent',
  Failed = 'failed',
}

/** The email outbox: written in the business transaction, delivered by the worker. */
@Entity('notifications')
@Index(['status', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 320 })
  recipient: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  template: string;

  @Column({ type: 'jsonb', default: {} })
  data: Record<string, unknown>;

  @Column({
    type: 'enum',
    enum: NotificationStatus,
    enumName: 'notification_status',
    default: NotificationStatus.Queued,
  })
  status: NotificationStatus;

  /** Files sent with the email (e.g. inline QR codes), base64 content included. */
  @Column({ type: 'jsonb', default: [] })
  attachments: OutboxAttachment[];

  /** How many times delivery was tried (claimed). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** A delivery run holds the row until then, so a second run of the same job cannot send it again. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /** Makes "send this once" idempotent, e.g. `reminder:<ticketId>`. Null when a template may repeat. */
  @Index({ unique: true, where: 'dedupe_key IS NOT NULL' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  providerMessageId: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** The rendered email, kept for admins (and as the only copy when no SendGrid key is set). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  bodyText: string | null;

  @Column({ type: 'text', nullable: true })
  bodyHtml: string | null;

  /** The locale the email was rendered in: the recipient account's, or `en` for an address without one. */
  @Column({ type: 'varchar', length: 35, nullable: true })
  locale: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
