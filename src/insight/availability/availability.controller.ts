import { Controller, MessageEvent, Param, ParseUUIDPipe, Req, Sse } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { CurrentUser } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { PublicWithOptionalUser } from '../../platform/auth/optional-user';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiEventStream } from '../../platform/http/api-content.decorators';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { TierSaleStatus } from '../../catalog/tiers/tier-availability';
import { AvailabilityService } from './availability.service';
import { TierAvailabilityChangeDto } from './dto/tier-availability-change.dto';

@ApiTags('events')
@Controller('events/:id/availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Sse('stream')
  @PublicWithOptionalUser()
  @ApiOperation({
    operationId: 'streamEventAvailability',
    summary: "Live availability of an event's tiers (Server-Sent Events)",
    description:
      'A `text/event-stream` for any publicly visible event. On connect it sends one `availability` event per ' +
      'visible tier with its current state; after that, an `availability` event whenever a tier changes (a hold, ' +
      'an expiry, a cancellation, a refund, a capacity change, a waitlist offer, or its sales window opening or ' +
      'closing), whichever API or worker instance made the change. A `: heartbeat` comment comes every ' +
      'AVAILABILITY_HEARTBEAT_SECONDS (15 by default). The `data` of each event is the JSON documented here. ' +
      'An instance holds at most SSE_MAX_STREAMS_PER_ADDRESS streams per client address and, with a token, ' +
      'SSE_MAX_STREAMS_PER_USER per user. When the server stops it sends a `retry:` hint and closes the ' +
      'stream; EventSource reconnects after that delay, to another instance.',
  })
  @ApiIdParam('id', 'A publicly visible event')
  @ApiEventStream(
    'availability',
    TierAvailabilityChangeDto,
    'A stream of `event: availability` messages whose `data` is a `TierAvailabilityChange`, and heartbeats',
    { tierId: '0b8f0c1e-7d3a-4e52-9a61-4a3c2f1d5e77', available: 42, status: TierSaleStatus.OnSale },
  )
  @ApiErrors('TOO_MANY_STREAMS')
  stream(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser | undefined,
    @Req() req: Request,
  ): Promise<Observable<MessageEvent>> {
    return this.availability.stream(id, { userId: user?.id, address: req.ip ?? 'unknown' });
  }
}
