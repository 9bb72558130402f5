import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import { Payment, PaymentKind, PaymentStatus } from './payment.entity';

export interface ChargeRecord {
  orderId: string;
  provider: string;
  providerPaymentId: string;
  amount: number;
  currency: string;
}

export interface RefundRecord {
  orderId: string;
  provider: string;
  providerPaymentId: string | null;
  providerRefundId: string | null;
  amount: number;
  currency: string;
  idempotencyKey: string;
  ticketIds: string[];
}

/** The ledger of charges and refunds. SQL for the `payments` table lives here. */
@Injectable()
export class PaymentsService {
  constructor(@InjectRepository(Payment) private readonly payments: Repository<Payment>) {}

  /**
   * Links the provider's payment to the order and records the charge, in one statement (atomic on its own, and
   * one round trip on the checkout path).
   */
  async linkCharge(
    manager: EntityManager,
    charge: ChargeRecord & { clientSecret: string | null },
  ): Promise<void> {
    await manager.query(
      `WITH linked AS (
         UPDATE orders SET payment_provider = $2, payment_reference = $3, payment_client_secret = $4, updated_at = now()
          WHERE id = $1
          RETURNING id
       )
       INSERT INTO payments (order_id, provider, kind, status, provider_payment_id, amount, currency)
       SELECT id, $2, 'charge', 'pending', $3, $5, $6 FROM linked
       ON CONFLICT DO NOTHING`,
      [
        charge.orderId,
        charge.provider,
        charge.providerPaymentId,
        charge.clientSecret,
        charge.amount,
        charge.currency,
      ],
    );
  }

  async chargeFor(orderId: string, manager?: EntityManager): Promise<Payment | null> {
    const repo = manager ? manager.getRepository(Payment) : this.payments;
    return repo.findOne({ where: { orderId, kind: PaymentKind.Charge } });
  }

  async findChargeByProviderId(providerPaymentId: string): Promise<Payment | null> {
    return this.payments.findOne({ where: { providerPaymentId, kind: PaymentKind.Charge } });
  }

  /** A succeeded charge stays succeeded, whatever a late or replayed event says. */
  async markCharge(manager: EntityManager, orderId: string, status: PaymentStatus): Promise<void> {
    await manager.update(
      Payment,
      { orderId, kind: PaymentKind.Charge, status: Not(PaymentStatus.Succeeded) },
      { status },
    );
  }

  /** The refund already made with this key, if any (a retried refund request). */
  async findRefund(manager: EntityManager, orderId: string, idempotencyKey: string): Promise<Payment | null> {
    return manager.findOne(Payment, { where: { orderId, idempotencyKey, kind: PaymentKind.Refund } });
  }

  async recordRefund(manager: EntityManager, refund: RefundRecord): Promise<Payment> {
    return manager.save(
      manager.create(Payment, { ...refund, kind: PaymentKind.Refund, status: PaymentStatus.Succeeded }),
    );
  }

  async listFor(orderId: string): Promise<Payment[]> {
    return this.payments.find({ where: { orderId }, order: { createdAt: 'ASC' } });
  }
}
