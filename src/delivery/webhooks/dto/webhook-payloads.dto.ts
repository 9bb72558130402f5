import { ApiProperty } from '@nestjs/swagger';

/**
 * The payload schemas of outgoing webhooks, one per event type, published as OpenAPI components. Every body is
 * `{ type, timestamp, data }` (Standard Webhooks): `type` names the schema of `data`, `timestamp` is when the
 * change happened (a retry keeps it). Schemas only ever gain optional fields; money is in minor units.
 */

export class WebhookBuyerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
}

export class WebhookOrderItemDto {
  @ApiProperty({ format: 'uuid' }) tierId: string;
  @ApiProperty({ example: 'Standing' }) tierName: string;
  @ApiProperty({ type: 'integer', example: 2 }) quantity: number;
  @ApiProperty({ type: 'integer', example: 2500, description: 'Minor units' }) unitPrice: number;
}

export class WebhookOrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) promoterId: string;
  @ApiProperty({
    enum: ['pending', 'paid', 'expired', 'cancelled', 'refunded', 'partially_refunded'],
    example: 'paid',
  })
  status: string;
  @ApiProperty({ type: () => WebhookBuyerDto }) buyer: WebhookBuyerDto;
  @ApiProperty({ type: [WebhookOrderItemDto] }) items: WebhookOrderItemDto[];
  @ApiProperty({ type: 'integer', example: 5000 }) subtotal: number;
  @ApiProperty({ type: 'integer', example: 0 }) fees: number;
  @ApiProperty({ type: 'integer', example: 5000 }) total: number;
  @ApiProperty({ type: 'integer', example: 0 }) refundedAmount: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paidAt: string | null;
}

export class WebhookRefundDto {
  @ApiProperty({ type: 'integer', example: 2500, description: 'Minor units sent back by this refund' })
  amount: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  /** The tickets this refund voided (empty for a late payment that never had tickets). */
  @ApiProperty({ type: [String], format: 'uuid' }) ticketIds: string[];
  @ApiProperty({ enum: ['refund', 'event_cancelled', 'late_payment'] }) reason: string;
}

export class WebhookVenueDto {
  @ApiProperty()
  name: string;
  @ApiProperty()
  address: string;
  @ApiProperty()
  city: string;
  @ApiProperty({ example: 'DE' }) country: string;
}

export class WebhookEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) promoterId: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  slug: string;
  @ApiProperty({ enum: ['draft', 'published', 'completed', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone: string;
  @ApiProperty({ type: () => WebhookVenueDto }) venue: WebhookVenueDto;
  @ApiProperty({ example: 'EUR' }) currency: string;
}

export class WebhookTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) promoterId: string;
  @ApiProperty({ format: 'uuid' }) tierId: string;
  @ApiProperty()
  tierName: string;
  @ApiProperty()
  attendeeName: string;
  @ApiProperty()
  attendeeEmail: string;
  /** When it was first admitted; null until then. */
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) checkedInAt: string | null;
  /** The team member who scanned it; null until it is admitted. */
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) checkedInBy: string | null;
}

export class WebhookTierDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) promoterId: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ type: 'integer' }) price: number;
  @ApiProperty({ type: 'integer' }) capacity: number;
  @ApiProperty({ type: 'integer' }) sold: number;
  /** Units in unpaid holds and waitlist offers; they come back if those end. */
  @ApiProperty({ type: 'integer' }) held: number;
}

export class WebhookWaitlistOfferDto {
  /** The waitlist entry. */
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) promoterId: string;
  @ApiProperty({ format: 'uuid' }) tierId: string;
  @ApiProperty()
  tierName: string;
  @ApiProperty({ type: () => WebhookBuyerDto }) buyer: WebhookBuyerDto;
  /** Units reserved for the buyer; fewer than `requestedQuantity` for a partial offer. */
  @ApiProperty({ type: 'integer' }) quantity: number;
  @ApiProperty({ type: 'integer' }) requestedQuantity: number;
  @ApiProperty({ format: 'date-time' }) offerExpiresAt: string;
}

export class OrderEventDataDto {
  @ApiProperty({ type: () => WebhookOrderDto }) order: WebhookOrderDto;
}

export class OrderRefundedDataDto extends OrderEventDataDto {
  @ApiProperty({ type: () => WebhookRefundDto }) refund: WebhookRefundDto;
}

export class OrderCancelledDataDto extends OrderEventDataDto {
  @ApiProperty({ enum: ['buyer', 'payment_failed', 'event_cancelled'] }) reason: string;
}

export class TicketCheckedInDataDto {
  @ApiProperty({ type: () => WebhookTicketDto }) ticket: WebhookTicketDto;
}

export class TicketTransferredDataDto {
  @ApiProperty({ format: 'uuid' }) transferId: string;
  /** The recipient's new ticket: its own id and QR code. */
  @ApiProperty({ type: () => WebhookTicketDto }) ticket: WebhookTicketDto;
  /** The sender's ticket, now void. */
  @ApiProperty({ format: 'uuid' }) previousTicketId: string;
  @ApiProperty({ type: () => WebhookBuyerDto }) from: WebhookBuyerDto;
  @ApiProperty({ type: () => WebhookBuyerDto }) to: WebhookBuyerDto;
}

export class TierSoldOutDataDto {
  @ApiProperty({ type: () => WebhookTierDto }) tier: WebhookTierDto;
}

export class EventChangedDataDto {
  @ApiProperty({ type: () => WebhookEventDto }) event: WebhookEventDto;
}

export class WaitlistOfferedDataDto {
  @ApiProperty({ type: () => WebhookWaitlistOfferDto }) offer: WebhookWaitlistOfferDto;
}

export class WebhookTestDataDto {
  @ApiProperty({ format: 'uuid' }) endpointId: string;
  @ApiProperty({ format: 'uuid' }) promoterId: string;
}

/** Shared by every webhook body. */
abstract class WebhookEnvelope {
  /** When the change happened (ISO 8601, UTC); the same on every retry of the message. */
  @ApiProperty({ format: 'date-time', example: '2030-06-01T18:30:00.000Z' })
  timestamp: string;
}

export class OrderPaidWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['order.paid'] }) type: 'order.paid';
  @ApiProperty({ type: () => OrderEventDataDto }) data: OrderEventDataDto;
}

export class OrderRefundedWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['order.refunded'] }) type: 'order.refunded';
  @ApiProperty({ type: () => OrderRefundedDataDto }) data: OrderRefundedDataDto;
}

export class OrderCancelledWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['order.cancelled'] }) type: 'order.cancelled';
  @ApiProperty({ type: () => OrderCancelledDataDto }) data: OrderCancelledDataDto;
}

export class TicketCheckedInWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['ticket.checked_in'] }) type: 'ticket.checked_in';
  @ApiProperty({ type: () => TicketCheckedInDataDto }) data: TicketCheckedInDataDto;
}

export class TicketTransferredWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['ticket.transferred'] }) type: 'ticket.transferred';
  @ApiProperty({ type: () => TicketTransferredDataDto }) data: TicketTransferredDataDto;
}

export class TierSoldOutWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['tier.sold_out'] }) type: 'tier.sold_out';
  @ApiProperty({ type: () => TierSoldOutDataDto }) data: TierSoldOutDataDto;
}

export class EventPublishedWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['event.published'] }) type: 'event.published';
  @ApiProperty({ type: () => EventChangedDataDto }) data: EventChangedDataDto;
}

export class EventCancelledWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['event.cancelled'] }) type: 'event.cancelled';
  @ApiProperty({ type: () => EventChangedDataDto }) data: EventChangedDataDto;
}

export class WaitlistOfferedWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['waitlist.offered'] }) type: 'waitlist.offered';
  @ApiProperty({ type: () => WaitlistOfferedDataDto }) data: WaitlistOfferedDataDto;
}

export class WebhookTestWebhookDto extends WebhookEnvelope {
  @ApiProperty({ enum: ['webhook.test'] }) type: 'webhook.test';
  @ApiProperty({ type: () => WebhookTestDataDto }) data: WebhookTestDataDto;
}

/** Every webhook body schema by message type: the callbacks of `createWebhook` in the OpenAPI document. */
export const WEBHOOK_PAYLOAD_MODELS = [
  { type: 'order.paid', model: OrderPaidWebhookDto },
  { type: 'order.refunded', model: OrderRefundedWebhookDto },
  { type: 'order.cancelled', model: OrderCancelledWebhookDto },
  { type: 'ticket.checked_in', model: TicketCheckedInWebhookDto },
  { type: 'ticket.transferred', model: TicketTransferredWebhookDto },
  { type: 'tier.sold_out', model: TierSoldOutWebhookDto },
  { type: 'event.published', model: EventPublishedWebhookDto },
  { type: 'event.cancelled', model: EventCancelledWebhookDto },
  { type: 'waitlist.offered', model: WaitlistOfferedWebhookDto },
  { type: 'webhook.test', model: WebhookTestWebhookDto },
] as const;

/** The body of one webhook of each type (the `data` the payload builders produce). */
export interface WebhookDataByType {
  'order.paid': OrderEventDataDto;
  'order.refunded': OrderRefundedDataDto;
  'order.cancelled': OrderCancelledDataDto;
  'ticket.checked_in': TicketCheckedInDataDto;
  'ticket.transferred': TicketTransferredDataDto;
  'tier.sold_out': TierSoldOutDataDto;
  'event.published': EventChangedDataDto;
  'event.cancelled': EventChangedDataDto;
  'waitlist.offered': WaitlistOfferedDataDto;
}
