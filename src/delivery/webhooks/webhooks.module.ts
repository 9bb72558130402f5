import { BullModule } from '@nestjs/bullmq';
import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { QueueName } from '../../platform/jobs/queues';
import { SsrfGuard } from './ssrf-guard';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDeliverySweeper } from './webhook-delivery.sweeper';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEventsListener } from './webhook-events.listener';
import { WebhookHttpClient } from './webhook-http-client';
import { WebhookOutbox } from './webhook-outbox.service';
import { WebhooksController } from './webhooks.controller';

function ssrfGuard(config: AppConfig): SsrfGuard {
  if (config.webhooks.allowPrivateNetworks && config.isProduction) {
    new Logger('Webhooks').warn('WEBHOOK_ALLOW_PRIVATE_NETWORKS is on: webhooks may reach private addresses');
  }
  return new SsrfGuard(config.webhooks.allowPrivateNetworks);
}

/**
 * Outgoing webhooks (Standard Webhooks): the promoter's endpoint routes, the outbox written from domain events
 * in the transaction of each change, the delivery job with its SSRF guard, and the sweep behind it.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery]),
    BullModule.registerQueue({ name: QueueName.Webhooks }),
  ],
  controllers: [WebhooksController],
  providers: [
    { provide: SsrfGuard, inject: [AppConfig], useFactory: ssrfGuard },
    {
      provide: WebhookHttpClient,
      inject: [SsrfGuard],
      useFactory: (g: SsrfGuard) => new WebhookHttpClient(g),
    },
    WebhookOutbox,
    WebhookEventsListener,
    WebhookDeliveryService,
    WebhookDeliverySweeper,
    WebhookEndpointsService,
  ],
})
export class WebhooksModule {}
