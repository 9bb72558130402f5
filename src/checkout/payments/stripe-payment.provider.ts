import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { DomainError } from '../../platform/errors/domain-error';
import { AppConfig } from '../../platform/config/app-config';
import {
  ChargeRequest,
  CreatedPayment,
  CreatedRefund,
  PaymentProvider,
  ProviderPayment,
  ProviderPaymentStatus,
} from './payment-provider';

/** Stripe's PaymentIntent statuses, reduced to what fulfilment needs. */
function toStatus(status: Stripe.PaymentIntent.Status): ProviderPaymentStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'canceled') return 'failed';
  return 'pending';
}

/** The order's PaymentIntent idempotency key: a retry can never create a second charge for one order. */
export function paymentIntentIdempotencyKey(orderId: string): string {
  return `order-${orderId}-payment-intent`;
}

/**
 * Stripe PaymentIntents. The buyer's client confirms with Stripe.js using the client secret; fulfilment then
 * happens on the verified webhook or on `POST /orders/{id}/confirm`, both of which re-read the PaymentIntent here.
 */
@Injectable()
export class StripePaymentProvider extends PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly logger = new Logger(StripePaymentProvider.name);
  private readonly stripe: Stripe;

  constructor(config: AppConfig) {
    super();
    const { host, port, protocol } = config.payments.stripeApi;
    this.stripe = new Stripe(config.payments.stripeSecretKey ?? '', {
      maxNetworkRetries: 2,
      timeout: 10_000,
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      ...(protocol ? { protocol } : {}),
    });
  }

  async createPayment(request: ChargeRequest): Promise<CreatedPayment> {
    const intent = await this.call('create a PaymentIntent', () =>
      this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          metadata: { orderId: request.orderId },
          automatic_payment_methods: { enabled: true },
        },
        { idempotencyKey: paymentIntentIdempotencyKey(request.orderId) },
      ),
    );
    return { providerPaymentId: intent.id, clientSecret: intent.client_secret ?? undefined };
  }

  async retrievePayment(providerPaymentId: string): Promise<ProviderPayment | null> {
    try {
      const intent = await this.stripe.paymentIntents.retrieve(providerPaymentId);
      return {
        providerPaymentId: intent.id,
        status: toStatus(intent.status),
        amount: intent.amount,
        currency: intent.currency.toUpperCase(),
        orderId: intent.metadata?.orderId,
      };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeError && err.statusCode === 404) return null;
      throw this.providerError('read a PaymentIntent', err);
    }
  }

  async refund(providerPaymentId: string, amount: number, idempotencyKey: string): Promise<CreatedRefund> {
    const refund = await this.call('create a refund', () =>
      this.stripe.refunds.create({ payment_intent: providerPaymentId, amount }, { idempotencyKey }),
    );
    return { providerRefundId: refund.id };
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.providerError(what, err);
    }
  }

  private providerError(what: string, err: unknown): DomainError {
    this.logger.error({ err }, `Stripe failed to ${what}`);
    return new DomainError('PAYMENT_PROVIDER_ERROR', `The payment provider failed to ${what}`);
  }
}
