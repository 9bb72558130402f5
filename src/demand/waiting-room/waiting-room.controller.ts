import {
  Body,
  Controller,
  Get,
  HttpStatus,
  MessageEvent,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  Sse,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { finalize, Observable } from 'rxjs';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ApiEventStream } from '../../platform/http/api-content.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { StreamLimiter } from '../../platform/http/stream-limiter';
import { JoinQueueDto } from './dto/join-queue.dto';
import { QueueEntryDto } from './dto/queue-entry.dto';
import { QueueStreams } from './queue-streams.service';
import { QueueEntryStatus } from './queue-status';
import { WaitingRoomService } from './waiting-room.service';

@ApiTags('waiting room')
@Controller('events/:id/queue')
export class WaitingRoomController {
  constructor(
    private readonly waitingRoom: WaitingRoomService,
    private readonly streams: QueueStreams,
    private readonly limiter: StreamLimiter,
  ) {}

  @Post()
  @Auth()
  @ApiOperation({
    operationId: 'joinEventQueue',
    summary: "Join an event's waiting room (one entry per buyer; again: your entry, 200)",
    description:
      'Buyers who join between `queue.opensAt` and the sales start are put in a random order when the sale ' +
      'starts; later arrivals go to the back in arrival order. Poll `GET /events/{id}/queue/me` or follow the ' +
      'stream; once `admitted`, send `admissionToken` as `X-Queue-Token` with `POST /orders`.',
  })
  @ApiIdParam('id', 'A published event with a waiting room')
  @ApiCreatedResponse({ type: QueueEntryDto, description: 'Joined' })
  @ApiOkResponse({ type: QueueEntryDto, description: 'You had joined already: your entry' })
  @ApiErrors('QUEUE_NOT_ENABLED', 'QUEUE_NOT_OPEN', 'EVENT_NOT_ON_SALE', 'TIER_NOT_ON_SALE', 'CONFLICT')
  async join(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: JoinQueueDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QueueEntryDto> {
    const { entry, created } = await this.waitingRoom.join(user, id, dto);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return entry;
  }

  @Get('me')
  @Auth()
  @ApiOperation({
    operationId: 'getMyQueueEntry',
    summary: 'Your place in the waiting room: status, position, ETA, and the admission token once admitted',
  })
  @ApiIdParam('id', 'The event (404 when you have not joined its waiting room)')
  @ApiOkResponse({ type: QueueEntryDto })
  mine(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<QueueEntryDto> {
    return this.waitingRoom.mine(user, id);
  }

  @Sse('me/stream')
  @Auth()
  @ApiOperation({
    operationId: 'streamMyQueueEntry',
    summary: 'Your place in the waiting room as it changes (Server-Sent Events)',
    description:
      'A `text/event-stream` of `queue` events whose `data` is your entry as `GET /events/{id}/queue/me` gives ' +
      'it: one on connect, then one whenever your position, ETA or status changes (each admission tick, about ' +
      'every 2 seconds, on whichever worker ran it). It carries the admission token once you are admitted and ' +
      'says `sold_out` when the event sells out. A `: heartbeat` comment comes every ' +
      'AVAILABILITY_HEARTBEAT_SECONDS. Send the access token as `Authorization: Bearer …`. At most ' +
      'SSE_MAX_STREAMS_PER_USER streams per user and instance; when the server stops it sends a `retry:` hint.',
  })
  @ApiIdParam('id', 'The event (404 when you have not joined its waiting room)')
  @ApiEventStream(
    'queue',
    QueueEntryDto,
    'A stream of `event: queue` messages whose `data` is a `QueueEntry`, and heartbeats',
    {
      entryId: '5b0d8c7e-2f1a-4c3b-9d8e-7f6a5b4c3d2e',
      eventId: '7c0e3a52-1f9b-4d2e-8a47-3b5c6d7e8f90',
      status: QueueEntryStatus.Waiting,
      position: 1234,
      etaSeconds: 300,
      randomised: true,
      waitlistTierId: null,
      joinedAt: '2030-05-01T07:45:00.000Z',
      admissionToken: null,
      admittedAt: null,
      admissionExpiresAt: null,
    },
  )
  @ApiErrors('TOO_MANY_STREAMS')
  async stream(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
  ): Promise<Observable<MessageEvent>> {
    await this.waitingRoom.mine(user, id);
    const release = this.limiter.acquire({ userId: user.id, address: req.ip ?? 'unknown' });
    return this.streams.open(id, user.id).pipe(finalize(release));
  }
}
