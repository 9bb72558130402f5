import { ApiProperty } from '@nestjs/swagger';
import type { PaymentSyncOutcome } from '../../orders/order-payments.service';

const OUTCOMES = [
  'fulfilled',
  'already-done',
  'refunded',
  'mismatch',
  'pending',
  'failed',
  'unknown-payment',
  'duplicate',
  'ignored',
] as const satisfies readonly (PaymentSyncOutcome | 'duplicate' | 'ignored')[];

export class WebhookAckDto {
  @ApiProperty({ example: true })
  received: true;
  /**
   * What the event did: `fulfilled`, `already-done`, `refunded`, `pending`, `failed`, `unknown-payment`,
   * `duplicate` (this event id was handled before) or `ignored` (a type we do not act on).
   */
  @ApiProperty({ enum: OUTCOMES, enumName: 'WebhookOutcome', example: 'fulfilled' })
  outcome: (typeof OUTCOMES)[number];
}
