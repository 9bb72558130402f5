import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '../webhook-event-types';
import { WebhookDisabledReason, WebhookEndpoint, WebhookEndpointStatus } from '../webhook-endpoint.entity';

/** A webhook endpoint as its team sees it. The signing secret is shown only when created or rotated. */
export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) promoterId: string;
  @ApiProperty({ example: 'https://crm.example.com/hooks/ticket-vendor' }) url: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, enumName: 'WebhookEventType', isArray: true }) events: string[];
  @ApiProperty({ enum: WebhookEndpointStatus, enumName: 'WebhookEndpointStatus' })
  status: WebhookEndpointStatus;
  /** Why it is disabled: by its team, after five days of failures, or because it answered 410 Gone. */
  @ApiProperty({ type: String, enum: [...Object.values(WebhookDisabledReason), null], nullable: true })
  disabledReason: WebhookDisabledReason | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt: Date | null;
  /** Since when every attempt has failed; null while deliveries succeed. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failingSince: Date | null;
  /** Until when the secret replaced by the last rotation still signs (as a second signature). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  previousSecretExpiresAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  static from(e: WebhookEndpoint): WebhookEndpointDto {
    return {
      id: e.id,
      promoterId: e.promoterId,
      url: e.url,
      description: e.description,
      events: e.events,
      status: e.status,
      disabledReason: e.disabledReason,
      disabledAt: e.disabledAt,
      failingSince: e.failingSince,
      previousSecretExpiresAt: e.previousSecretExpiresAt,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    };
  }
}

/** A new endpoint with its signing secret, shown this once. */
export class CreatedWebhookEndpointDto extends WebhookEndpointDto {
  /** The signing secret (`whsec_…`). Store it now: it is never shown again. */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret: string;
}

/** The new signing secret after a rotation. */
export class WebhookSecretDto {
  /** The new signing secret (`whsec_…`), shown this once. */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret: string;
  /** Messages are signed with the old secret too until then. */
  @ApiProperty({ type: String, format: 'date-time' })
  previousSecretExpiresAt: Date;
}
