import { Controller, Headers, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../platform/auth/auth.decorators';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
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
    summary: 'Stripe webhook: verified signature on the raw body, deduplicated on the event id',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: 'Set by Stripe' })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiBadRequestResponse({
    description: 'WEBHOOK_SIGNATURE_INVALID: missing, wrong or stale',
    type: ErrorResponseDto,
  })
  handle(@Req() req: Request, @Headers('stripe-signature') signature?: string): Promise<WebhookAckDto> {
    // The raw-body parser for this path (bootstrap/http-app.ts) leaves the exact bytes Stripe signed.
    return this.webhooks.handle(req.body, signature);
  }
}
