import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../orders/orders.module';
import { StripeWebhookController } from './stripe-webhook.controller';
import { StripeWebhookService } from './stripe-webhook.service';
import { WebhookEvent } from './webhook-event.entity';

/** The Stripe webhook endpoint. Separate from PaymentsModule because it drives orders, which use payments. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEvent]), OrdersModule],
  controllers: [StripeWebhookController],
  providers: [StripeWebhookService],
})
export class StripeWebhookModule {}
