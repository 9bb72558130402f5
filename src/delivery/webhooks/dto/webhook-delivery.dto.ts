import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { WebhookDelivery, WebhookDeliveryStatus } from '../webhook-delivery.entity';

export class WebhookDeliveryQueryDto extends PageQueryDto {
  /** Only deliveries in this state. */
  @ApiProperty({ required: false, enum: WebhookDeliveryStatus, enumName: 'WebhookDeliveryStatus' })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus;
}

/** One message to one endpoint and how its delivery went. */
export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) endpointId: string;
  /** The `webhook-id` header: the same on every attempt and every redelivery of the message. */
  @ApiProperty({ example: 'msg_2b7f0c4e8f5a4c1e9a573f0f7f6b2a10' }) messageId: string;
  @ApiProperty({ example: 'order.paid' }) eventType: string;
  @ApiProperty({ enum: WebhookDeliveryStatus, enumName: 'WebhookDeliveryStatus' })
  status: WebhookDeliveryStatus;
  @ApiProperty({ type: 'integer', example: 1 }) attempts: number;
  /** When the next attempt is due, while pending. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt: Date | null;
  /** The HTTP status of the last attempt; null when it got no answer. */
  @ApiProperty({ type: 'integer', nullable: true, example: 200 }) responseStatus: number | null;
  /** The start (up to 1,024 characters) of the last response body. */
  @ApiProperty({ nullable: true, type: String }) responseBody: string | null;
  /** Why the last attempt failed. */
  @ApiProperty({ nullable: true, type: String, example: 'HTTP 503' }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  static from(d: WebhookDelivery): WebhookDeliveryDto {
    return {
      id: d.id,
      endpointId: d.endpointId,
      messageId: d.messageId,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === WebhookDeliveryStatus.Pending ? d.nextAttemptAt : null,
      lastAttemptAt: d.lastAttemptAt,
      responseStatus: d.responseStatus,
      responseBody: d.responseBody,
      lastError: d.lastError,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
    };
  }
}

/** A delivery with the exact body that was (or will be) sent. */
export class WebhookDeliveryDetailDto extends WebhookDeliveryDto {
  /** The signed body, byte for byte (a JSON document: `{ type, timestamp, data }`). */
  @ApiProperty({ example: '{"type":"order.paid","timestamp":"2030-06-01T18:30:00.000Z","data":{…}}' })
  payload: string;

  static fromDetail(d: WebhookDelivery): WebhookDeliveryDetailDto {
    return { ...WebhookDeliveryDto.from(d), payload: d.payload };
  }
}
