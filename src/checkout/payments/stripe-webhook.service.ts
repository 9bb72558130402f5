import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { Repository } from 'typeorm';
import { DomainError } from '../../platform/errors/domain-error';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { OrderPaymentsService } from '../orders/order-payments.service';
import { WebhookAckDto } from './dto/webhook-ack.dto';
import { WebhookEvent } from './webhook-event.entity';

/** The PaymentIntent events that can change an order; every other type is acknowledged and ignored. */
const HANDLED = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
]);

interface MinimalEvent {
  id: string;
  type: string;
  data: { object: { id?: string } };
}

/**
 * `POST /webhooks/stripe`. The signature is verified on the raw body whenever STRIPE_WEBHOOK_SECRET is set
 * (production requires it with Stripe). Events are deduplicated on their id; the PaymentIntent is then read back
 * from the provider, so neither a replayed nor an out-of-order delivery can move an order the wrong way.
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger(StripeWebhookService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly orderPayments: OrderPaymentsService,
    @InjectRepository(WebhookEvent) private readonly events: Repository<WebhookEvent>,
  ) {}

  async handle(rawBody: unknown, signature: string | undefined): Promise<WebhookAckDto> {
    const event = this.verify(rawBody, signature);
    if (!HANDLED.has(event.type) || !event.data.object.id) return { received: true, outcome: 'ignored' };
    const row = await this.claim(event);
    if (row.processedAt) return { received: true, outcome: 'duplicate' };
    const outcome = await this.orderPayments.sync(event.data.object.id);
    await this.events.update({ id: row.id }, { processedAt: this.clock.now() });
    if (outcome === 'unknown-payment')
      this.logger.warn({ eventId: event.id }, 'webhook for an unknown payment');
    return { received: true, outcome };
  }

  private verify(rawBody: unknown, signature: string | undefined): MinimalEvent {
    if (!Buffer.isBuffer(rawBody)) {
      throw new DomainError('WEBHOOK_SIGNATURE_INVALID', 'The webhook body could not be read');
    }
    const secret = this.config.payments.stripeWebhookSecret;
    if (secret) {
      try {
        return Stripe.webhooks.constructEvent(rawBody, signature ?? '', secret) as unknown as MinimalEvent;
      } catch {
        throw new DomainError(
          'WEBHOOK_SIGNATURE_INVALID',
          'The Stripe-Signature header is missing, wrong or stale',
        );
      }
    }
    try {
      const event = JSON.parse(rawBody.toString('utf8')) as MinimalEvent;
      if (typeof event?.id === 'string' && typeof event.type === 'string' && event.data?.object) return event;
    } catch {
      // Falls through to the refusal below.
    }
    throw new DomainError('VALIDATION_FAILED', 'The webhook body is not a Stripe event', {
      fields: [{ field: 'body', errors: ['must be a Stripe event'] }],
    });
  }

  /** The event's row: inserted now, or the one an earlier delivery inserted. */
  private async claim(event: MinimalEvent): Promise<WebhookEvent> {
    await this.events
      .createQueryBuilder()
      .insert()
      .values({
        provider: 'stripe',
        eventId: event.id,
        type: event.type,
        objectId: event.data.object.id ?? null,
      })
      .orIgnore()
      .execute();
    return (await this.events.findOne({ where: { provider: 'stripe', eventId: event.id } }))!;
  }
}
