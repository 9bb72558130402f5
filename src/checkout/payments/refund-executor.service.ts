import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { Sweep } from '../../platform/jobs/job.decorators';
import { PaymentProvider } from './payment-provider';
import { PaymentStatus } from './payment.entity';
import { PaymentsService } from './payments.service';

/** A pending refund untouched this long is retried by the sweep (the normal path settles it in milliseconds). */
const STALE_SECONDS = 30;
/** After this many provider calls a refund is marked failed and audited for an admin to resolve. */
export const MAX_REFUND_ATTEMPTS = 10;
const SWEEP_BATCH = 200;

/**
 * Sends recorded refunds to the payment provider, never inside a transaction that holds a row lock. The
 * business transaction records the intent (a `pending` refund row with its idempotency key) and commits; then
 * `settle` calls the provider with that key and records the outcome. Should the process die between the commit
 * and the call, or between the call and the outcome, the sweep calls again with the same key: the provider
 * refunds once per key, so the retry either makes the refund or returns the one already made.
 */
@Injectable()
export class RefundExecutor {
  private readonly logger = new Logger(RefundExecutor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly provider: PaymentProvider,
    private readonly payments: PaymentsService,
    private readonly audit: AuditService,
  ) {}

  /** Sends these refunds now. Never throws: a refund that fails stays pending for the sweep. */
  async settle(paymentIds: string[]): Promise<void> {
    for (const id of paymentIds) await this.send(id);
  }

  /** The sweep: every pending refund the normal path did not settle (a crash, a provider outage). */
  @Sweep({ name: 'provider-refunds' })
  async retryPending(now: Date): Promise<number> {
    const ids = await this.payments.stalePendingRefunds(
      new Date(now.getTime() - STALE_SECONDS * 1000),
      SWEEP_BATCH,
    );
    let settled = 0;
    for (const id of ids) if (await this.send(id)) settled++;
    return settled;
  }

  /** One provider call for one pending refund. True when it settled the refund (either way). */
  private async send(paymentId: string): Promise<boolean> {
    const refund = await this.payments.pendingRefund(paymentId);
    if (!refund?.providerPaymentId || !refund.idempotencyKey) return false;
    try {
      const made = await this.provider.refund(refund.providerPaymentId, refund.amount, refund.idempotencyKey);
      return await this.payments.settleRefund(paymentId, {
        status: PaymentStatus.Succeeded,
        providerRefundId: made.providerRefundId,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = await this.payments.noteRefundAttempt(paymentId, message);
      this.logger.warn({ err, paymentId, attempts }, 'refund not sent yet; the sweep retries it');
      if (attempts < MAX_REFUND_ATTEMPTS) return false;
      return this.giveUp(paymentId, refund.orderId, message);
    }
  }

  private async giveUp(paymentId: string, orderId: string, error: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const settled = await this.payments.settleRefund(
        paymentId,
        { status: PaymentStatus.Failed, error },
        manager,
      );
      if (settled) {
        await this.audit.record(manager, {
          actorId: null,
          action: 'payment.refund_failed',
          entityType: 'order',
          entityId: orderId,
          after: { paymentId, error },
        });
        this.logger.error({ paymentId, orderId, error }, 'refund failed for good: an admin must resolve it');
      }
      return settled;
    });
  }
}
