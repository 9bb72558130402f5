import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { PaymentProvider } from './payment-provider';
import { Payment } from './payment.entity';
import { PaymentsService } from './payments.service';
import { RefundExecutor } from './refund-executor.service';
import { StripePaymentProvider } from './stripe-payment.provider';
import { TestPaymentProvider } from './test-payment.provider';
import { WebhookEvent } from './webhook-event.entity';

/** Stripe when STRIPE_SECRET_KEY is set, otherwise the `test` provider (which production refuses). */
function paymentProvider(config: AppConfig): PaymentProvider {
  return config.payments.provider === 'stripe'
    ? new StripePaymentProvider(config)
    : new TestPaymentProvider();
}

/** The payment provider and the ledger of charges and refunds. */
@Module({
  imports: [TypeOrmModule.forFeature([Payment, WebhookEvent])],
  providers: [
    PaymentsService,
    RefundExecutor,
    { provide: PaymentProvider, inject: [AppConfig], useFactory: paymentProvider },
  ],
  exports: [PaymentsService, PaymentProvider, RefundExecutor],
})
export class PaymentsModule {}
