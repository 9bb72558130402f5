import { Controller, MessageEvent, Param, ParseUUIDPipe, Sse } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { Public } from '../../platform/auth/auth.decorators';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { AvailabilityService } from './availability.service';
import { TierAvailabilityChangeDto } from './dto/tier-availability-change.dto';

@ApiTags('events')
@Controller('events/:id/availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Sse('stream')
  @Public()
  @ApiOperation({
    summary: "Live availability of an event's tiers (Server-Sent Events)",
    description:
      'A `text/event-stream` for any publicly visible event. On connect it sends one `availability` event per ' +
      'visible tier with its current state; after that, an `availability` event whenever a tier changes (a hold, ' +
      'an expiry, a cancellation, a refund, a capacity change, a waitlist offer, or its sales window opening or ' +
      'closing), whichever API or worker instance made the change. A `: heartbeat` comment comes every ' +
      'AVAILABILITY_HEARTBEAT_SECONDS (15 by default). The `data` of each event is the JSON documented here.',
  })
  @ApiExtraModels(TierAvailabilityChangeDto)
  @ApiOkResponse({
    description: 'A stream of `event: availability` messages whose `data` is this JSON',
    content: { 'text/event-stream': { schema: { $ref: getSchemaPath(TierAvailabilityChangeDto) } } },
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event, or not public', type: ErrorResponseDto })
  stream(@Param('id', ParseUUIDPipe) id: string): Promise<Observable<MessageEvent>> {
    return this.availability.stream(id);
  }
}
