import { ApiProperty } from '@nestjs/swagger';

export class WebhookAckDto {
  @ApiProperty({ example: true })
  received: true;
  /**
   * What the event did: `fulfilled`, `already-done`, `refunded`, `pending`, `failed`, `unknown-payment`,
   * `duplicate` (this event id was handled before) or `ignored` (a type we do not act on).
   */
  @ApiProperty({ example: 'fulfilled' })
  outcome: string;
}
