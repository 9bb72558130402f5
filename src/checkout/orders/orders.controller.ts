import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiPageOrCsv, WantsCsv } from '../../platform/http/api-content.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { IDEMPOTENCY_HEADER } from '../../platform/idempotency/idempotency.interceptor';
import { PageDto } from '../../platform/http/page';
import { CheckoutRateLimit } from '../../platform/rate-limit/rate-limit.decorators';
import { ExpandQueryDto } from '../expand-query.dto';
import { UpdateAttendeesDto } from '../attendees/dto/attendees.dto';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderQueryDto } from './dto/order-query.dto';
import { OrderDto } from './dto/order.dto';
import { RefundOrderDto } from './dto/refund-order.dto';
import { BillingDetailsDto } from './dto/billing-details.dto';
import { ORDER_CSV_COLUMNS } from './orders-csv';
import { OrdersService } from './orders.service';

/** The waiting room's admission token on `POST /orders`. */
const QUEUE_TOKEN_HEADER = 'x-queue-token';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @Auth()
  @CheckoutRateLimit()
  @Idempotent()
  @ApiOperation({
    operationId: 'placeOrder',
    summary:
      'Hold tickets: creates a pending order that lasts HOLD_TTL_SECONDS and answers with payment instructions',
    description:
      'For an event with a waiting room (`queue.enabled`), send the admission token of `GET /events/{id}/queue/me` ' +
      'as `X-Queue-Token`. A hold placed with it uses it up; a refused order leaves it valid until it expires.',
  })
  @ApiHeader({
    name: QUEUE_TOKEN_HEADER,
    required: false,
    description: 'The admission token of the waiting room (events with `queue.enabled` only)',
  })
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors(
    'NOT_FOUND',
    'EVENT_NOT_ON_SALE',
    'TIER_NOT_ON_SALE',
    'ORDER_LIMIT_EXCEEDED',
    'BUYER_LIMIT_EXCEEDED',
    'INSUFFICIENT_INVENTORY',
    'INVENTORY_BUSY',
    'PAYMENT_PROVIDER_ERROR',
    'IDEMPOTENCY_KEY_REUSED',
    'CODE_INVALID',
    'CODE_EXHAUSTED',
    'CODE_NOT_APPLICABLE',
    'QUEUE_ADMISSION_REQUIRED',
    'QUEUE_ADMISSION_INVALID',
    'QUEUE_ADMISSION_EXPIRED',
    'QUEUE_ADMISSION_USED',
  )
  place(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateOrderDto,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
    @Headers(QUEUE_TOKEN_HEADER) queueToken?: string,
  ): Promise<OrderDto> {
    return this.orders.place(user, dto, idempotencyKey, queueToken);
  }

  @Get()
  @ApiKeyAccess(ApiKeyScope.OrdersRead)
  @Auth()
  @ApiOperation({
    operationId: 'listOrders',
    summary: 'List orders: your own; with eventId or promoterId, every order of events you run (admins: all)',
    description:
      'With `Accept: text/csv` the same orders (same filters and access, every page) stream as CSV; money in ' +
      'minor units. `expand` does not apply to CSV.',
  })
  @ApiPageOrCsv(OrderDto, {
    columns: [...ORDER_CSV_COLUMNS],
    example: `${ORDER_CSV_COLUMNS.join(',')}\n7c0e3a52-1f9b-4d2e-8a47-3b5c6d7e8f90,2030-05-14T10:00:00.000Z,paid,Ada Lovelace,ada@example.com,2x Early bird,2,5000,500,113,4613,0,EUR,2030-05-14T10:01:00.000Z,3f1c4a9e-8a1b-4c2d-9e3f-5a6b7c8d9e0f,SUMMER10,3750,750\n`,
  })
  @ApiErrors('NOT_FOUND', 'FORBIDDEN')
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: OrderQueryDto,
    @WantsCsv() csv: boolean,
  ): Promise<PageDto<OrderDto> | StreamableFile> {
    if (csv) {
      return new StreamableFile(await this.orders.csv(user, query), {
        type: 'text/csv; charset=utf-8',
        disposition: 'attachment; filename="orders.csv"',
      });
    }
    return this.orders.list(user, query);
  }

  @Get(':id')
  @ApiKeyAccess(ApiKeyScope.OrdersRead)
  @Auth()
  @ApiOperation({
    operationId: 'getOrder',
    summary: 'One order (its buyer, the organisers of its event, admins)',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: OrderDto })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ExpandQueryDto,
  ): Promise<OrderDto> {
    return this.orders.get(user, id, query.expand);
  }

  @Post(':id/confirm')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'confirmOrder',
    summary: 'Ask the payment provider about the payment and issue the tickets if it succeeded',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors(
    'PAYMENT_NOT_COMPLETED',
    'ORDER_NOT_PENDING',
    'PAYMENT_PROVIDER_ERROR',
    'ATTENDEE_DETAILS_MISSING',
    'EMAIL_NOT_VERIFIED',
    'INVENTORY_BUSY',
  )
  confirm(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderDto> {
    return this.orders.confirm(user, id);
  }

  @Put(':id/attendees')
  @Auth()
  @ApiOperation({
    operationId: 'updateOrderAttendees',
    summary:
      "Give attendee names, emails and answers: a pending order's units, or the tickets you hold of a paid one " +
      "(until the event's cut-off). The buyer only. Completing what is required starts the payment.",
  })
  @ApiIdParam()
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors(
    'FORBIDDEN',
    'ORDER_NOT_PENDING',
    'ATTENDEE_EDITS_CLOSED',
    'PAYMENT_PROVIDER_ERROR',
    'INVENTORY_BUSY',
  )
  updateAttendees(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateAttendeesDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrderDto> {
    return this.orders.updateAttendees(user, id, dto, meta);
  }

  @Put(':id/billing-details')
  @Auth()
  @ApiOperation({
    operationId: 'setOrderBillingDetails',
    summary:
      'Give the name, address and tax id the invoice is made out to (the buyer, while the order is pending)',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors('FORBIDDEN', 'BILLING_DETAILS_LOCKED')
  setBillingDetails(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: BillingDetailsDto,
  ): Promise<OrderDto> {
    return this.orders.setBillingDetails(user, id, dto);
  }

  @Post(':id/cancel')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'cancelOrder',
    summary: 'Release your pending hold; the tickets go back on sale',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors('ORDER_NOT_PENDING')
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrderDto> {
    return this.orders.cancel(user, id, meta);
  }

  @Post(':id/refunds')
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'refundOrder',
    summary:
      'Refund the whole order or some tickets (promoter managers and owners, admins); checked-in tickets need force (admins)',
  })
  @ApiIdParam()
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors('FORBIDDEN', 'ORDER_NOT_PAID', 'TICKET_VOID', 'TICKET_ALREADY_CHECKED_IN')
  refund(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RefundOrderDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrderDto> {
    return this.orders.refund(user, id, dto, meta);
  }
}
