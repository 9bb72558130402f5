import type { PaymentProviderName } from '../../platform/config/app-config';

/** What the provider says about a payment. Only `succeeded` fulfils an order. */
export type ProviderPaymentStatus = 'succeeded' | 'pending' | 'failed';

export interface ChargeRequest {
  orderId: string;
  /** Minor units. */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
}

export interface CreatedPayment {
  providerPaymentId: string;
  /** Handed to the buyer's client (Stripe.js confirms the PaymentIntent with it). */
  clientSecret?: string;
}

export interface ProviderPayment {
  providerPaymentId: string;
  status: ProviderPaymentStatus;
  amount: number;
  currency: string;
  /** The order the payment was created for, from the provider's own metadata. */
  orderId?: string;
}

export interface CreatedRefund {
  providerRefundId: string;
}

/**
 * A payment provider. Implementations must be idempotent: `createPayment` twice for one order returns the same
 * payment, and `refund` twice with one idempotency key refunds once.
 */
export abstract class PaymentProvider {
  abstract readonly name: PaymentProviderName;
  abstract createPayment(request: ChargeRequest): Promise<CreatedPayment>;
  /** The provider's current view of the payment; never trust a webhook body instead. */
  abstract retrievePayment(providerPaymentId: string): Promise<ProviderPayment | null>;
  abstract refund(providerPaymentId: string, amount: number, idempotencyKey: string): Promise<CreatedRefund>;
}
