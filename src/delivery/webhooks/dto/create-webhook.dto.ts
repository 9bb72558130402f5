import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../webhook-event-types';

/** The URL rule shared by create and update: http(s), no credentials in it. */
export const WEBHOOK_URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  disallow_auth: true,
};

export class CreateWebhookDto {
  /** Where to POST the messages. Its host must resolve to a public address. */
  @ApiProperty({ example: 'https://crm.example.com/hooks/ticket-vendor' })
  @IsUrl(WEBHOOK_URL_OPTIONS)
  @MaxLength(2000)
  url: string;

  /** The event types to receive. */
  @ApiProperty({
    enum: WEBHOOK_EVENT_TYPES,
    enumName: 'WebhookEventType',
    isArray: true,
    example: ['order.paid', 'order.refunded'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: WebhookEventType[];

  @ApiProperty({ required: false, example: 'CRM sync' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}
