import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../platform/auth/auth-user';
import { EmailVerificationService } from '../../accounts/users/email-verification/email-verification.service';
import { DomainError } from '../../platform/errors/domain-error';
import { PaymentProvider } from '../payments/payment-provider';
import { PaymentStatus } from '../payments/payment.entity';
import { PaymentsService } from '../payments/payments.service';
import { AttendeeRulesService } from '../attendees/attendee-rules.service';
import { OrderItem } from './order-item.entity';
import { FREE_PAYMENT, FulfilmentOutcome, FulfilmentService } from './fulfilment.service';
import { OrderExpiryService } from './order-expiry.service';
import { OrderStatus } from './order-status';
import { Order } from './order.entity';

export type PaymentSyncOutcome = FulfilmentOutcome | 'unknown-payment' | 'pending' | 'failed';

/**
 * The payment side of an order: starting the provider payment after the hold commits, `POST /orders/{id}/confirm`,
 * and the webhook's "this payment changed". Both confirm and the webhook ask the provider for the payment's
 * current state rather than trusting what they were told.
 */
@Injectable()
export class OrderPaymentsService {
  private readonly logger = new Logger(OrderPaymentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly provider: PaymentProvider,
    private readonly payments: PaymentsService,
    private readonly fulfilment: FulfilmentService,
    private readonly expiry: OrderExpiryService,
    private readonly attendeeRules: AttendeeRulesService,
    private readonly verification: EmailVerificationService,
  ) {}

  /**
   * Starts the payment of a pending order that has none yet, once nothing required of its attendees is missing
   * (the buyer's client gets the client secret then, not before). Returns the order as it now is.
   */
  async startWhenReady(order: Order, buyer: AuthUser): Promise<Order> {
    if (order.status !== OrderStatus.Pending || order.paymentProvider !== null) return order;
    const missing = await this.missingOf(order);
    return missing.length === 0 ? this.start(order, buyer) : order;
  }

  /**
   * After the inventory commit (never while a tier row is locked): a free order is paid at once; otherwise the
   * provider payment is created and linked to the order. If the provider fails, the hold is released. A buyer
   * who must verify their email first keeps the hold without a payment; `POST /orders/{id}/confirm` starts it
   * once the email is verified.
   */
  async start(order: Order, buyer: AuthUser): Promise<Order> {
    if (!(await this.verification.isCleared(order.buyerId))) return order;
    if (order.total === 0) {
      await this.fulfilment.fulfil(order.id, FREE_PAYMENT, buyer.id);
      return (await this.dataSource.manager.findOneBy(Order, { id: order.id }))!;
    }
    let created;
    try {
      created = await this.provider.createPayment({
        orderId: order.id,
        amount: order.total,
        currency: order.currency,
      });
    } catch (err) {
      await this.expiry.cancelHold(order.id, 'payment_failed');
      throw err;
    }
    await this.payments.linkCharge({
      orderId: order.id,
      provider: this.provider.name,
      providerPaymentId: created.providerPaymentId,
      clientSecret: created.clientSecret ?? null,
      amount: order.total,
      currency: order.currency,
    });
    return Object.assign(order, {
      paymentProvider: this.provider.name,
      paymentReference: created.providerPaymentId,
      paymentClientSecret: created.clientSecret ?? null,
    });
  }

  /**
   * `POST /orders/{id}/confirm` (the caller's access is checked already). A pending order with required attendee
   * details or answers missing is refused (409 ATTENDEE_DETAILS_MISSING, listing them) before the provider is
   * asked: tickets are issued on confirm only once the buyer has given them. (Money that arrives anyway through
   * the webhook is fulfilled: see FulfilmentService.)
   */
  async confirm(order: Order, actor: AuthUser): Promise<FulfilmentOutcome> {
    if (order.status === OrderStatus.Pending) {
      await this.verification.assertCleared(order.buyerId, 'pay');
      const missing = await this.missingOf(order);
      if (missing.length > 0) {
        throw new DomainError(
          'ATTENDEE_DETAILS_MISSING',
          'Give the missing attendee details with PUT /orders/{id}/attendees first',
          { missing },
        );
      }
      // A payment held back (the email was not verified yet) starts now.
      if (order.paymentProvider === null && order.total > 0) order = await this.start(order, actor);
    }
    if (order.total === 0) return this.fulfilment.fulfil(order.id, FREE_PAYMENT, actor.id);
    const charge = await this.payments.chargeFor(order.id);
    const payment = charge?.providerPaymentId
      ? await this.provider.retrievePayment(charge.providerPaymentId)
      : null;
    if (!payment || payment.status !== 'succeeded') {
      throw new DomainError(
        'PAYMENT_NOT_COMPLETED',
        'The payment provider has not confirmed this payment yet',
        {
          paymentStatus: payment?.status ?? 'not_started',
        },
      );
    }
    return this.fulfilment.fulfil(order.id, payment, actor.id);
  }

  private async missingOf(order: Order) {
    const manager = this.dataSource.manager;
    const items = await manager.find(OrderItem, { where: { orderId: order.id } });
    return this.attendeeRules.missingBeforePayment(manager, order, items);
  }

  /** The webhook: re-reads the payment from the provider and acts on what it says now. */
  async sync(providerPaymentId: string): Promise<PaymentSyncOutcome> {
    const charge = await this.payments.findChargeByProviderId(providerPaymentId);
    if (!charge) return 'unknown-payment';
    const payment = await this.provider.retrievePayment(providerPaymentId);
    if (!payment) return 'unknown-payment';
    if (payment.orderId && payment.orderId !== charge.orderId) {
      this.logger.error(
        { providerPaymentId, charge: charge.orderId, payment: payment.orderId },
        'order mismatch',
      );
      return 'unknown-payment';
    }
    if (payment.status === 'succeeded') return this.fulfilment.fulfil(charge.orderId, payment, null);
    if (payment.status === 'failed') {
      await this.payments.markCharge(this.dataSource.manager, charge.orderId, PaymentStatus.Failed);
      return 'failed';
    }
    return 'pending';
  }
}
