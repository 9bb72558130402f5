import { Module } from '@nestjs/common';
import { OrdersModule } from './orders/orders.module';
import { StripeWebhookModule } from './payments/stripe-webhook.module';
import { TicketsModule } from './tickets/tickets.module';
import { InvoicesModule } from './invoices/invoices.module';

/**
 * Checkout: holds, payments and their webhook, fulfilment into signed tickets and invoices, expiry, refunds and
 * their credit notes.
 */
@Module({ imports: [OrdersModule, TicketsModule, StripeWebhookModule, InvoicesModule] })
export class CheckoutModule {}
