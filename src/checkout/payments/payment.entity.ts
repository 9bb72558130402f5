import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum PaymentKind {
  Charge = 'charge',
  Refund = 'refund',
}

export enum PaymentStatus {
  Pending = 'pending',
  Succeeded = 'succeeded',
  Failed = 'failed',
}

/** One movement of money with a provider: the charge for an order, or one refund of it. */
@Entity('payments')
// One charge per order; a refund is unique by its idempotency key, so a retried refund is one row.
@Index(['orderId'], { unique: true, where: `kind = 'charge'` })
@Index(['orderId', 'idempotencyKey'], { unique: true, where: `kind = 'refund'` })
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  orderId: string;

  /** `stripe` or `test`. */
  @Column({ type: 'varchar', length: 20 })
  provider: string;

  @Column({ type: 'enum', enum: PaymentKind, enumName: 'payment_kind' })
  kind: PaymentKind;

  @Column({ type: 'enum', enum: PaymentStatus, enumName: 'payment_status', default: PaymentStatus.Pending })
  status: PaymentStatus;

  /** The provider's payment (PaymentIntent) id; refunds carry the charge's id too. */
  @Index()
  @Column({ type: 'varchar', length: 255, nullable: true })
  providerPaymentId: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  providerRefundId: string | null;

  /** Minor units; positive for charges and refunds alike. */
  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** For refunds: the key sent to the provider, so a retry refunds once. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  /**
   * For refunds: provider calls made so far. A refund is recorded (`pending`) in the business transaction and
   * sent to the provider after it commits; the refund sweep retries until it succeeds or runs out of attempts.
   */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** The provider's last refusal or failure, for admins. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** For refunds: the ticket ids this refund voided (empty for a whole-order refund of nothing left). */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  ticketIds: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
