import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../webhook-event-types';
import { WEBHOOK_URL_OPTIONS } from './create-webhook.dto';

export class UpdateWebhookDto {
  @ApiProperty({ required: false, example: 'https://crm.example.com/hooks/ticket-vendor' })
  @IsOptional()
  @IsUrl(WEBHOOK_URL_OPTIONS)
  @MaxLength(2000)
  url?: string;

  @ApiProperty({ required: false, enum: WEBHOOK_EVENT_TYPES, enumName: 'WebhookEventType', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];

  /** `null` clears it. */
  @ApiProperty({ required: false, nullable: true, type: String, example: 'CRM sync' })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  /** `false` stops deliveries (pending ones fail, and can be redelivered); `true` starts them again. */
  @ApiProperty({ required: false, example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
