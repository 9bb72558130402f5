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
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { IDEMPOTENCY_HEADER } from '../../platform/idempotency/idempotency.interceptor';
import { ApiPageResponse, PageDto } from '../../platform/http/page';
import { CheckoutRateLimit } from '../../platform/rate-limit/rate-limit.decorators';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderQueryDto } from './dto/order-query.dto';
import { OrderDto } from './dto/order.dto';
import { RefundOrderDto } from './dto/refund-order.dto';
import { OrdersService } from './orders.service';

const notFound = ApiNotFoundResponse({
  description: "NOT_FOUND (also for someone else's order)",
  type: ErrorResponseDto,
});

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @Auth()
  @CheckoutRateLimit()
  @Idempotent()
  @ApiOperation({
    summary:
      'Hold tickets: creates a pending order that lasts HOLD_TTL_SECONDS and answers with payment instructions',
  })
  @ApiCreatedResponse({ type: OrderDto })
  @ApiConflictResponse({
    description:
      'EVENT_NOT_ON_SALE, TIER_NOT_ON_SALE, ORDER_LIMIT_EXCEEDED, BUYER_LIMIT_EXCEEDED, INSUFFICIENT_INVENTORY ' +
      '(details.available), IDEMPOTENCY_KEY_IN_FLIGHT',
    type: ErrorResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description:
      'INVENTORY_BUSY, DATABASE_UNAVAILABLE or SERVICE_UNAVAILABLE: retry after Retry-After. Retry with the ' +
      'same Idempotency-Key: if the first attempt placed the order, the retry answers it instead of placing another',
    type: ErrorResponseDto,
  })
  @ApiBadGatewayResponse({
    description: 'PAYMENT_PROVIDER_ERROR: the hold was released',
    type: ErrorResponseDto,
  })
  place(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateOrderDto,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
  ): Promise<OrderDto> {
    return this.orders.place(user, dto, idempotencyKey);
  }

  @Get()
  @Auth()
  @ApiOperation({
    summary: 'List orders: your own; with eventId or promoterId, every order of events you run (admins: all)',
    description:
      'With `Accept: text/csv` the same orders (same filters and access, every page) stream as CSV: orderId, ' +
      'createdAt, status, buyerName, buyerEmail, items, tickets, subtotal, fees, total, refundedAmount, ' +
      'currency, paidAt, eventId; money in minor units.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiHeader({
    name: 'Accept',
    required: false,
    description: '`text/csv` streams every matching order as CSV',
  })
  @ApiPageResponse(OrderDto)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: OrderQueryDto,
    @Headers('accept') accept?: string,
  ): Promise<PageDto<OrderDto> | StreamableFile> {
    if (accept?.includes('text/csv')) {
      return new StreamableFile(await this.orders.csv(user, query), {
        type: 'text/csv; charset=utf-8',
        disposition: 'attachment; filename="orders.csv"',
      });
    }
    return this.orders.list(user, query);
  }

  @Get(':id')
  @Auth()
  @ApiOperation({ summary: 'One order (its buyer, the organisers of its event, admins)' })
  @ApiOkResponse({ type: OrderDto })
  @notFound
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderDto> {
    return this.orders.get(user, id);
  }

  @Post(':id/confirm')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Ask the payment provider about the payment and issue the tickets if it succeeded',
  })
  @ApiOkResponse({ type: OrderDto })
  @ApiConflictResponse({ description: 'PAYMENT_NOT_COMPLETED', type: ErrorResponseDto })
  @notFound
  confirm(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderDto> {
    return this.orders.confirm(user, id);
  }

  @Post(':id/cancel')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Release your pending hold; the tickets go back on sale' })
  @ApiOkResponse({ type: OrderDto })
  @ApiConflictResponse({ description: 'ORDER_NOT_PENDING', type: ErrorResponseDto })
  @notFound
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
    summary:
      'Refund the whole order or some tickets (promoter managers and owners, admins); checked-in tickets need force (admins)',
  })
  @ApiCreatedResponse({ type: OrderDto })
  @ApiConflictResponse({
    description: 'ORDER_NOT_PAID, TICKET_VOID, TICKET_ALREADY_CHECKED_IN',
    type: ErrorResponseDto,
  })
  @notFound
  refund(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RefundOrderDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrderDto> {
    return this.orders.refund(user, id, dto, meta);
  }
}
