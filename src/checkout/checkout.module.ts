import { Module } from '@nestjs/common';
import { OrdersModule } from './orders/orders.module';
import { StripeWebhookModule } from './payments/stripe-webhook.module';
import { TicketsModule } from './tickets/tickets.module';

/** Checkout: holds, payments and their webhook, fulfilment into signed tickets, expiry and refunds. */
@Module({ imports: [OrdersModule, TicketsModule, StripeWebhookModule] })
export class CheckoutModule {}
