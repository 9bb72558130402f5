import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  ChargeRequest,
  CreatedPayment,
  CreatedRefund,
  PaymentProvider,
  ProviderPayment,
} from './payment-provider';

const PREFIX = 'pi_test_';
const ID = /^pi_test_(\d+)_([A-Z]{3})_([0-9a-f-]{36})$/;

/**
 * The `test` payment provider, for a local machine, the tests and the benchmark. No money moves: every payment
 * has succeeded by the time the buyer confirms it. Production refuses to start with it unless the explicit
 * bench flag ALLOW_TEST_PAYMENTS is set (see config/environment.ts).
 *
 * It is stateless on purpose (several instances must agree): the payment id itself carries the amount, the
 * currency and the order id.
 */
@Injectable()
export class TestPaymentProvider extends PaymentProvider {
  readonly name = 'test' as const;

  createPayment(request: ChargeRequest): Promise<CreatedPayment> {
    const providerPaymentId = `${PREFIX}${request.amount}_${request.currency}_${request.orderId}`;
    return Promise.resolve({ providerPaymentId, clientSecret: `${providerPaymentId}_secret_test` });
  }

  retrievePayment(providerPaymentId: string): Promise<ProviderPayment | null> {
    const match = ID.exec(providerPaymentId);
    if (!match) return Promise.resolve(null);
    return Promise.resolve({
      providerPaymentId,
      status: 'succeeded',
      amount: Number(match[1]),
      currency: match[2],
      orderId: match[3],
    });
  }

  refund(providerPaymentId: string, _amount: number, idempotencyKey: string): Promise<CreatedRefund> {
    // Same key, same refund id: a retried refund is the same refund.
    const digest = createHash('sha256').update(`${providerPaymentId}:${idempotencyKey}`).digest('hex');
    return Promise.resolve({ providerRefundId: `re_test_${digest.slice(0, 24)}` });
  }
}
