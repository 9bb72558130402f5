import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  MessageEvent,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Sse,
} from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { ApiEventStream } from '../../platform/http/api-content.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import {
  MarkedReadDto,
  MarkReadDto,
  UserNotificationDto,
  UserNotificationQueryDto,
} from './dto/user-notification.dto';
import { UserNotificationStreams } from './user-notification-streams.service';
import { UserNotificationsService } from './user-notifications.service';

/** `Last-Event-ID` as a notification number; absent means "from now". */
function afterSeq(header: string | undefined): number | null {
  if (header === undefined || header === '') return null;
  if (!/^\d{1,9}$/.test(header)) {
    throw new DomainError('VALIDATION_FAILED', 'The request is invalid', {
      fields: [{ field: 'Last-Event-ID', errors: ['Last-Event-ID must be a notification id (an integer)'] }],
    });
  }
  return Number(header);
}

@ApiTags('notifications')
@Controller('me/notifications')
export class UserNotificationsController {
  constructor(
    private readonly notifications: UserNotificationsService,
    private readonly streams: UserNotificationStreams,
  ) {}

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listMyNotifications',
    summary: 'Your notifications, newest first; `unread=true` for the unread ones',
  })
  @ApiPage(UserNotificationDto)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: UserNotificationQueryDto,
  ): Promise<PageDto<UserNotificationDto>> {
    const [rows, total] = await this.notifications.list(user.id, query);
    return toPage(rows.map(UserNotificationDto.from), total, query);
  }

  @Sse('stream')
  @Auth()
  @ApiOperation({
    operationId: 'streamMyNotifications',
    summary: 'Your notifications as they happen (Server-Sent Events)',
    description:
      'A `text/event-stream` of `notification` events, each with `id:` set to the notification id and a JSON ' +
      '`data` documented here: an order paid, a refund, a waitlist offer (with its expiry), an event cancelled ' +
      'or moved, whichever API or worker instance made the change. Without `Last-Event-ID` it starts from now; ' +
      'with it (EventSource sends it on reconnect) it first sends everything after that id, so a client that ' +
      'reconnects misses nothing. A `: heartbeat` comment comes every AVAILABILITY_HEARTBEAT_SECONDS. Send the ' +
      'access token as `Authorization: Bearer …` (a fetch-based EventSource). A user holds at most ' +
      'SSE_MAX_STREAMS_PER_USER streams per instance; when the server stops it sends a `retry:` hint.',
  })
  @ApiHeader({ name: 'last-event-id', required: false, description: 'Resume after this notification id' })
  @ApiEventStream(
    'notification',
    UserNotificationDto,
    'A stream of `event: notification` messages whose `data` is a `UserNotification`, and heartbeats',
    {
      id: '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607',
      seq: 12,
      type: 'order.paid',
      data: { orderId: '0f5e2d1c-…', eventTitle: 'Difference Engine Live', total: 5000, currency: 'EUR' },
      readAt: null,
      createdAt: '2030-06-01T18:30:00.000Z',
    },
  )
  @ApiErrors('TOO_MANY_STREAMS')
  stream(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<Observable<MessageEvent>> {
    return this.streams.open({ userId: user.id, address: req.ip ?? 'unknown' }, afterSeq(lastEventId));
  }

  @Post('read')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'markMyNotificationsRead',
    summary: 'Mark your notifications read, all of them or up to an id',
  })
  @ApiOkResponse({ type: MarkedReadDto })
  async markAllRead(@CurrentUser() user: AuthUser, @Body() dto: MarkReadDto): Promise<MarkedReadDto> {
    return { marked: await this.notifications.markAllRead(user.id, dto.upTo) };
  }

  @Post(':id/read')
  @Auth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'markMyNotificationRead',
    summary: 'Mark one of your notifications read',
  })
  @ApiNoContentResponse({ description: 'Marked read (or it already was)' })
  @ApiIdParam()
  async markRead(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.notifications.markRead(user.id, id);
  }
}
