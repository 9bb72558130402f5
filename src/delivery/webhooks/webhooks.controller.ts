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
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import {
  WebhookDeliveryDetailDto,
  WebhookDeliveryDto,
  WebhookDeliveryQueryDto,
} from './dto/webhook-delivery.dto';
import { CreatedWebhookEndpointDto, WebhookEndpointDto, WebhookSecretDto } from './dto/webhook-endpoint.dto';
import { webhookCallbacks } from './dto/webhook-callbacks';
import { WEBHOOK_PAYLOAD_MODELS } from './dto/webhook-payloads.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@ApiTags('webhooks')
@ApiExtraModels(...WEBHOOK_PAYLOAD_MODELS.map(({ model }) => model))
@Controller('promoters/:id/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookEndpointsService) {}

  @Post()
  @Auth()
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Add a webhook endpoint (owners and managers); the answer shows its signing secret, once',
    description:
      'Messages follow the Standard Webhooks specification: a JSON body `{type, timestamp, data}` whose schema ' +
      'per type is in the components (`OrderPaidWebhookDto`, …), and the `webhook-id`, `webhook-timestamp` and ' +
      '`webhook-signature` headers (HMAC-SHA256 over `id.timestamp.body`, `v1,<base64>`). The callbacks ' +
      'document each message type.',
    callbacks: webhookCallbacks(),
  })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointDto })
  @ApiErrors('FORBIDDEN', 'WEBHOOK_URL_FORBIDDEN', 'WEBHOOK_ENDPOINT_LIMIT')
  @ApiIdParam()
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
  @ApiOperation({
    operationId: 'listWebhooks',
    summary: "List a promoter's webhook endpoints, oldest first",
  })
  @ApiPage(WebhookEndpointDto)
  @ApiErrors('FORBIDDEN')
  @ApiIdParam()
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
  @ApiOperation({
    operationId: 'getWebhook',
    summary: 'Read one webhook endpoint',
  })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiErrors('FORBIDDEN')
  @ApiIdParam()
  @ApiIdParam('webhookId')
  async get(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.webhooks.get(user, promoterId, webhookId));
  }

  @Patch(':webhookId')
  @Auth()
  @ApiOperation({
    operationId: 'updateWebhook',
    summary: 'Change the URL, event types or description, or disable and enable the endpoint',
  })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiErrors('FORBIDDEN', 'WEBHOOK_URL_FORBIDDEN')
  @ApiIdParam()
  @ApiIdParam('webhookId')
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
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook endpoint and its delivery log',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors('FORBIDDEN')
  @ApiIdParam()
  @ApiIdParam('webhookId')
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
    operationId: 'rotateWebhookSecret',
    summary: 'Replace the signing secret; the old one also signs (a second signature) for 24 hours',
  })
  @ApiOkResponse({ type: WebhookSecretDto })
  @ApiErrors('FORBIDDEN')
  @ApiIdParam()
  @ApiIdParam('webhookId')
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
  @ApiOperation({
    operationId: 'testWebhook',
    summary: 'Send a `webhook.test` message; follow it in the delivery log',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrors('FORBIDDEN', 'WEBHOOK_ENDPOINT_DISABLED')
  @ApiIdParam()
  @ApiIdParam('webhookId')
  async test(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(await this.webhooks.sendTest(user, promoterId, webhookId));
  }

  @Get(':webhookId/deliveries')
  @Auth()
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log, newest first: status, attempts and the last response code',
  })
  @ApiPage(WebhookDeliveryDto)
  @ApiErrors('FORBIDDEN')
  @ApiIdParam()
  @ApiIdParam('webhookId')
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
  @ApiOperation({
    operationId: 'getWebhookDelivery',
    summary: 'One delivery with the exact body that was signed',
  })
  @ApiOkResponse({ type: WebhookDeliveryDetailDto })
  @ApiErrors('FORBIDDEN')
  @ApiIdParam()
  @ApiIdParam('webhookId')
  @ApiIdParam('deliveryId')
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
  @ApiOperation({
    operationId: 'redeliverWebhook',
    summary: 'Send a message again (same webhook-id and body) as a new delivery',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrors('FORBIDDEN', 'WEBHOOK_ENDPOINT_DISABLED')
  @ApiIdParam()
  @ApiIdParam('webhookId')
  @ApiIdParam('deliveryId')
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
