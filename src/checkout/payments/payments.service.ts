import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import { Entry, KeyedBatcher } from '../../platform/concurrency/keyed-batcher';
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
  amount: number;
  currency: string;
  idempotencyKey: string;
  ticketIds: string[];
}

type ChargeLink = ChargeRecord & { clientSecret: string | null };

/** Money to send back for an order, as a refund row to record. */
export interface MoneyBack {
  order: { id: string; currency: string; paymentProvider: string | null };
  amount: number;
  /** Distinguishes refunds of one order; the provider refunds once per key. */
  key: string;
  ticketIds: string[];
}

/** The ledger of charges and refunds. SQL for the `payments` table lives here. */
@Injectable()
export class PaymentsService {
  private readonly links = new KeyedBatcher<ChargeLink, void>((_key, batch) => this.linkCharges(batch), 200);

  constructor(@InjectRepository(Payment) private readonly payments: Repository<Payment>) {}

  /**
   * Links the provider's payment to the order and records the charge. Links asked for at the same moment (the
   * holds of one batch) are written together in one statement.
   */
  linkCharge(charge: ChargeLink): Promise<void> {
    return this.links.submit('charges', charge);
  }

  private async linkCharges(batch: Array<Entry<ChargeLink, void>>): Promise<void> {
    const charges = batch.map((e) => e.item);
    await this.payments.query(
      `WITH v AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::int[], $6::char(3)[])
           AS v(order_id, provider, provider_payment_id, client_secret, amount, currency)
       ),
       linked AS (
         UPDATE orders o SET payment_provider = v.provider, payment_reference = v.provider_payment_id,
                payment_client_secret = v.client_secret, updated_at = now()
           FROM v WHERE o.id = v.order_id
         RETURNING o.id
       )
       INSERT INTO payments (order_id, provider, kind, status, provider_payment_id, amount, currency)
       SELECT v.order_id, v.provider, 'charge', 'pending', v.provider_payment_id, v.amount, v.currency
         FROM v JOIN linked ON linked.id = v.order_id
       ON CONFLICT DO NOTHING`,
      [
        charges.map((c) => c.orderId),
        charges.map((c) => c.provider),
        charges.map((c) => c.providerPaymentId),
        charges.map((c) => c.clientSecret),
        charges.map((c) => c.amount),
        charges.map((c) => c.currency),
      ],
    );
    for (const e of batch) e.resolve();
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

  /**
   * Records a refund in the caller's transaction, before any provider call (the intent). Idempotent per order
   * and key: a retried refund returns the row already recorded. A refund with nothing to send (zero amount, or
   * no provider payment) is recorded as succeeded at once. Returns the row.
   */
  async recordRefundIntent(manager: EntityManager, refund: RefundRecord): Promise<Payment> {
    const existing = await manager.findOne(Payment, {
      where: { orderId: refund.orderId, idempotencyKey: refund.idempotencyKey, kind: PaymentKind.Refund },
    });
    if (existing) return existing;
    const nothingToSend = refund.amount === 0 || !refund.providerPaymentId;
    return manager.save(
      manager.create(Payment, {
        ...refund,
        kind: PaymentKind.Refund,
        status: nothingToSend ? PaymentStatus.Succeeded : PaymentStatus.Pending,
      }),
    );
  }

  /**
   * Records money to send back against the order's charge, in the caller's transaction (which must hold the
   * order row). Returns the refund row's id when the provider still has to be called: the caller hands it to
   * `RefundExecutor.settle` once its transaction has committed.
   */
  async recordOrderRefund(manager: EntityManager, back: MoneyBack): Promise<string | null> {
    const charge = await this.chargeFor(back.order.id, manager);
    const refund = await this.recordRefundIntent(manager, {
      orderId: back.order.id,
      provider: charge?.provider ?? back.order.paymentProvider ?? 'none',
      providerPaymentId: charge?.providerPaymentId ?? null,
      amount: back.amount,
      currency: back.order.currency,
      idempotencyKey: back.key,
      ticketIds: back.ticketIds,
    });
    return refund.status === PaymentStatus.Pending ? refund.id : null;
  }

  /** A pending refund row, or null once it is settled (or unknown). */
  async pendingRefund(paymentId: string): Promise<Payment | null> {
    return this.payments.findOne({
      where: { id: paymentId, kind: PaymentKind.Refund, status: PaymentStatus.Pending },
    });
  }

  /** Pending refunds not touched since `before`, oldest first: what the refund sweep retries. */
  async stalePendingRefunds(before: Date, limit: number): Promise<string[]> {
    const rows = await this.payments
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .where('p.kind = :kind AND p.status = :status AND p.updated_at < :before', {
        kind: PaymentKind.Refund,
        status: PaymentStatus.Pending,
        before,
      })
      .orderBy('p.created_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** The outcome of a provider call, recorded only on a still-pending row. True when this call settled it. */
  async settleRefund(
    paymentId: string,
    outcome:
      | { status: PaymentStatus.Succeeded; providerRefundId: string }
      | { status: PaymentStatus.Failed; error: string },
    manager: EntityManager = this.payments.manager,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Payment)
      .set(
        outcome.status === PaymentStatus.Succeeded
          ? {
              status: outcome.status,
              providerRefundId: outcome.providerRefundId,
              attempts: () => 'attempts + 1',
            }
          : {
              status: outcome.status,
              lastError: outcome.error.slice(0, 500),
              attempts: () => 'attempts + 1',
            },
      )
      .where('id = :id AND status = :pending', { id: paymentId, pending: PaymentStatus.Pending })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** A provider call failed in a way a retry may fix: counted, and left pending for the sweep. */
  async noteRefundAttempt(paymentId: string, error: string): Promise<number> {
    const [rows] = (await this.payments.query(
      `UPDATE payments SET attempts = attempts + 1, last_error = $2, updated_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING attempts`,
      [paymentId, error.slice(0, 500)],
    )) as [Array<{ attempts: number }>, number];
    return rows[0]?.attempts ?? 0;
  }

  async listFor(orderId: string): Promise<Payment[]> {
    return this.payments.find({ where: { orderId }, order: { createdAt: 'ASC' } });
  }
}
