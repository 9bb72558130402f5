/**
 * The event types a promoter's webhook endpoint can subscribe to. Each has one payload schema, documented as an
 * OpenAPI component (`dto/webhook-payloads.dto.ts`); a type's schema only ever gains optional fields.
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.paid',
  'order.refunded',
  'order.cancelled',
  'ticket.checked_in',
  'ticket.transferred',
  'tier.sold_out',
  'event.published',
  'event.cancelled',
  'waitlist.offered',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The type of the message `POST …/webhooks/{id}/test` sends; it cannot be subscribed to. */
export const WEBHOOK_TEST_TYPE = 'webhook.test';
