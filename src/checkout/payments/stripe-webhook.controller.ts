import { Controller, Headers, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../platform/auth/auth.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { WebhookAckDto } from './dto/webhook-ack.dto';
import { StripeWebhookService } from './stripe-webhook.service';

/** Public on purpose: Stripe calls it, and the signature (not a token) proves who sent it. */
@ApiTags('payments')
@Controller('webhooks')
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Post('stripe')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'receiveStripeWebhook',
    summary: 'Stripe webhook: verified signature on the raw body, deduplicated on the event id',
  })
  @ApiHeader({
    name: 'Stripe-Signature',
    required: false,
    description: 'Set by Stripe; required once `STRIPE_WEBHOOK_SECRET` is configured',
  })
  @ApiBody({
    description: 'A Stripe event, byte for byte as Stripe sent it (the signature covers the raw body)',
    schema: {
      type: 'object',
      required: ['id', 'type', 'data'],
      properties: {
        id: { type: 'string', example: 'evt_1PqRsT2eZvKYlo2C' },
        type: { type: 'string', example: 'payment_intent.succeeded' },
        data: { type: 'object', additionalProperties: true },
      },
      additionalProperties: true,
    },
  })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiErrors('WEBHOOK_SIGNATURE_INVALID', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE')
  handle(@Req() req: Request, @Headers('stripe-signature') signature?: string): Promise<WebhookAckDto> {
    // The raw-body parser for this path (bootstrap/http-app.ts) leaves the exact bytes Stripe signed.
    return this.webhooks.handle(req.body, signature);
  }
}
