import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../platform/auth/auth-user';
import { ErrorResponseDto } from '../platform/errors/error-response.dto';
import { ApiPageResponse, PageDto } from '../platform/http/page';
import { CheckoutRateLimit } from '../platform/rate-limit/rate-limit.decorators';
import { OrderDto } from '../checkout/orders/dto/order.dto';
import { JoinWaitlistDto } from './dto/join-waitlist.dto';
import { WaitlistEntryDto } from './dto/waitlist-entry.dto';
import { WaitlistQueryDto } from './dto/waitlist-query.dto';
import { WaitlistClaimService } from './waitlist-claim.service';
import { WaitlistEntriesService } from './waitlist-entries.service';

const notFound = ApiNotFoundResponse({
  description: "NOT_FOUND (also for someone else's entry)",
  type: ErrorResponseDto,
});

@ApiTags('waitlist')
@Controller('waitlist')
export class WaitlistController {
  constructor(
    private readonly entries: WaitlistEntriesService,
    private readonly claims: WaitlistClaimService,
  ) {}

  @Post()
  @Auth()
  @ApiOperation({
    summary:
      'Join the waitlist of a sold-out tier; freed tickets are offered in queue order and reserved for a while',
  })
  @ApiCreatedResponse({ type: WaitlistEntryDto })
  @ApiConflictResponse({
    description:
      'TIER_AVAILABLE (buy instead; details.available), ALREADY_ON_WAITLIST, EVENT_NOT_ON_SALE, TIER_NOT_ON_SALE, ' +
      'ORDER_LIMIT_EXCEEDED',
    type: ErrorResponseDto,
  })
  join(
    @CurrentUser() user: AuthUser,
    @Body() dto: JoinWaitlistDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<WaitlistEntryDto> {
    return this.entries.join(user, dto, meta);
  }

  @Get()
  @Auth()
  @ApiOperation({ summary: 'Your waitlist entries, newest first, with position, status and offer expiry' })
  @ApiPageResponse(WaitlistEntryDto)
  list(@CurrentUser() user: AuthUser, @Query() query: WaitlistQueryDto): Promise<PageDto<WaitlistEntryDto>> {
    return this.entries.list(user, query);
  }

  @Delete(':id')
  @Auth()
  @ApiOperation({
    summary: 'Leave the waitlist; an open offer is given up and its tickets go to the next in line',
  })
  @ApiOkResponse({ type: WaitlistEntryDto })
  @ApiConflictResponse({
    description: 'INVALID_STATE_TRANSITION (the entry was already claimed, lapsed or left)',
    type: ErrorResponseDto,
  })
  @notFound
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
  @ApiOperation({
    summary:
      'Claim an open offer: its reserved tickets become a pending order with payment instructions, as POST /orders',
  })
  @ApiCreatedResponse({ type: OrderDto })
  @ApiConflictResponse({
    description: 'OFFER_NOT_ACTIVE (no offer, or it lapsed; details.status), EVENT_NOT_ON_SALE',
    type: ErrorResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description: 'INVENTORY_BUSY: retry after Retry-After',
    type: ErrorResponseDto,
  })
  @notFound
  claim(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<OrderDto> {
    return this.claims.claim(user, id, meta);
  }
}
