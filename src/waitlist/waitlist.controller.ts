import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../platform/auth/auth-user';
import { ApiErrors } from '../platform/http/api-errors.decorator';
import { ApiIdParam } from '../platform/http/api-params.decorators';
import { ApiPage, PageDto } from '../platform/http/page';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CheckoutRateLimit } from '../platform/rate-limit/rate-limit.decorators';
import { OrderDto } from '../checkout/orders/dto/order.dto';
import { JoinWaitlistDto } from './dto/join-waitlist.dto';
import { WaitlistEntryDto } from './dto/waitlist-entry.dto';
import { WaitlistQueryDto } from './dto/waitlist-query.dto';
import { WaitlistClaimService } from './waitlist-claim.service';
import { WaitlistEntriesService } from './waitlist-entries.service';

@ApiTags('waitlist')
@Controller('waitlist')
export class WaitlistController {
  constructor(
    private readonly entries: WaitlistEntriesService,
    private readonly claims: WaitlistClaimService,
  ) {}

  @Post()
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'joinWaitlist',
    summary:
      'Join the waitlist of a sold-out tier; freed tickets are offered in queue order and reserved for a while',
  })
  @ApiCreatedResponse({ type: WaitlistEntryDto })
  @ApiErrors(
    'NOT_FOUND',
    'TIER_AVAILABLE',
    'ALREADY_ON_WAITLIST',
    'EVENT_NOT_ON_SALE',
    'TIER_NOT_ON_SALE',
    'ORDER_LIMIT_EXCEEDED',
  )
  join(
    @CurrentUser() user: AuthUser,
    @Body() dto: JoinWaitlistDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<WaitlistEntryDto> {
    return this.entries.join(user, dto, meta);
  }

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listWaitlistEntries',
    summary: 'Your waitlist entries, newest first, with position, status and offer expiry',
  })
  @ApiPage(WaitlistEntryDto)
  list(@CurrentUser() user: AuthUser, @Query() query: WaitlistQueryDto): Promise<PageDto<WaitlistEntryDto>> {
    return this.entries.list(user, query);
  }

  @Delete(':id')
  @Auth()
  @ApiOperation({
    operationId: 'leaveWaitlist',
    summary: 'Leave the waitlist; an open offer is given up and its tickets go to the next in line',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: WaitlistEntryDto })
  @ApiErrors('INVALID_STATE_TRANSITION', 'CONFLICT')
  leave(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<WaitlistEntryDto> {
    return this.entries.leave(user, id, meta);
  }

  @Post(':id/claim')
  @Auth()
  @CheckoutRateLimit()
  @Idempotent()
  @ApiOperation({
    operationId: 'claimWaitlistOffer',
    summary:
      'Claim an open offer: its reserved tickets become a pending order with payment instructions, as POST /orders',
  })
  @ApiIdParam()
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors('OFFER_NOT_ACTIVE', 'EVENT_NOT_ON_SALE', 'INVENTORY_BUSY', 'PAYMENT_PROVIDER_ERROR')
  claim(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrderDto> {
    return this.claims.claim(user, id, meta);
  }
}
