import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { ApiPageResponse, PageDto, toPage } from '../../platform/http/page';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import {
  WebhookDeliveryDetailDto,
  WebhookDeliveryDto,
  WebhookDeliveryQueryDto,
} from './dto/webhook-delivery.dto';
import { CreatedWebhookEndpointDto, WebhookEndpointDto, WebhookSecretDto } from './dto/webhook-endpoint.dto';
import { WEBHOOK_PAYLOAD_MODELS } from './dto/webhook-payloads.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

const notFound = ApiNotFoundResponse({
  description: 'NOT_FOUND: no such promoter, endpoint or delivery, or not yours',
  type: ErrorResponseDto,
});
const staffForbidden = ApiForbiddenResponse({
  description: 'FORBIDDEN: door staff may not manage webhooks',
  type: ErrorResponseDto,
});

@ApiTags('webhooks')
@ApiExtraModels(...WEBHOOK_PAYLOAD_MODELS)
@Controller('promoters/:id/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookEndpointsService) {}

  @Post()
  @Auth()
  @ApiOperation({
    summary: 'Add a webhook endpoint (owners and managers); the answer shows its signing secret, once',
    description:
      'Messages follow the Standard Webhooks specification: a JSON body `{type, timestamp, data}` whose schema ' +
      'per type is in the components (`OrderPaidWebhookDto`, …), and the `webhook-id`, `webhook-timestamp` and ' +
      '`webhook-signature` headers (HMAC-SHA256 over `id.timestamp.body`, `v1,<base64>`).',
  })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED or WEBHOOK_URL_FORBIDDEN',
    type: ErrorResponseDto,
  })
  @ApiConflictResponse({ description: 'WEBHOOK_ENDPOINT_LIMIT', type: ErrorResponseDto })
  @staffForbidden
  @notFound
  async create(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Body() dto: CreateWebhookDto,
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CreatedWebhookEndpointDto> {
    const { endpoint, secret } = await this.webhooks.create(user, promoterId, dto, meta);
    return { ...WebhookEndpointDto.from(endpoint), secret };
  }

  @Get()
  @Auth()
  @ApiOperation({ summary: "List a promoter's webhook endpoints, oldest first" })
  @ApiPageResponse(WebhookEndpointDto)
  @staffForbidden
  @notFound
  async list(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Query() query: PageQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageDto<WebhookEndpointDto>> {
    const [rows, total] = await this.webhooks.list(user, promoterId, query);
    return toPage(rows.map(WebhookEndpointDto.from), total, query);
  }

  @Get(':webhookId')
  @Auth()
  @ApiOperation({ summary: 'Read one webhook endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @staffForbidden
  @notFound
  async get(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.webhooks.get(user, promoterId, webhookId));
  }

  @Patch(':webhookId')
  @Auth()
  @ApiOperation({ summary: 'Change the URL, event types or description, or disable and enable the endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED or WEBHOOK_URL_FORBIDDEN',
    type: ErrorResponseDto,
  })
  @staffForbidden
  @notFound
  async update(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Body() dto: UpdateWebhookDto,
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.webhooks.update(user, promoterId, webhookId, dto, meta));
  }

  @Delete(':webhookId')
  @Auth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a webhook endpoint and its delivery log' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @staffForbidden
  @notFound
  async remove(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.webhooks.remove(user, promoterId, webhookId, meta);
  }

  @Post(':webhookId/rotate-secret')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace the signing secret; the old one also signs (a second signature) for 24 hours',
  })
  @ApiOkResponse({ type: WebhookSecretDto })
  @staffForbidden
  @notFound
  rotate(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<WebhookSecretDto> {
    return this.webhooks.rotateSecret(user, promoterId, webhookId, meta);
  }

  @Post(':webhookId/test')
  @Auth()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a `webhook.test` message; follow it in the delivery log' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiConflictResponse({ description: 'WEBHOOK_ENDPOINT_DISABLED', type: ErrorResponseDto })
  @staffForbidden
  @notFound
  async test(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(await this.webhooks.sendTest(user, promoterId, webhookId));
  }

  @Get(':webhookId/deliveries')
  @Auth()
  @ApiOperation({ summary: 'The delivery log, newest first: status, attempts and the last response code' })
  @ApiPageResponse(WebhookDeliveryDto)
  @staffForbidden
  @notFound
  async deliveries(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Query() query: WebhookDeliveryQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageDto<WebhookDeliveryDto>> {
    const [rows, total] = await this.webhooks.listDeliveries(user, promoterId, webhookId, query);
    return toPage(rows.map(WebhookDeliveryDto.from), total, query);
  }

  @Get(':webhookId/deliveries/:deliveryId')
  @Auth()
  @ApiOperation({ summary: 'One delivery with the exact body that was signed' })
  @ApiOkResponse({ type: WebhookDeliveryDetailDto })
  @staffForbidden
  @notFound
  async delivery(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<WebhookDeliveryDetailDto> {
    return WebhookDeliveryDetailDto.fromDetail(
      await this.webhooks.getDelivery(user, promoterId, webhookId, deliveryId),
    );
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @Auth()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a message again (same webhook-id and body) as a new delivery' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiConflictResponse({ description: 'WEBHOOK_ENDPOINT_DISABLED', type: ErrorResponseDto })
  @staffForbidden
  @notFound
  async redeliver(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(
      await this.webhooks.redeliver(user, promoterId, webhookId, deliveryId, meta),
    );
  }
}
