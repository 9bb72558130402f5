import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../platform/auth/roles';
import { Auth } from '../../platform/auth/auth.decorators';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import { NotificationDto, NotificationSummaryDto } from './dto/notification.dto';
import { NotificationQueryDto } from './dto/notification-query.dto';
import { OutboxReaderService } from './outbox-reader.service';

@ApiTags('admin')
@Controller('admin/notifications')
export class NotificationsController {
  constructor(private readonly notifications: OutboxReaderService) {}

  @Get()
  @Auth(Role.Admin)
  @ApiOperation({
    operationId: 'listNotifications',
    summary: 'Read the email outbox, newest first, filtered by recipient, template or status',
  })
  @ApiPage(NotificationSummaryDto)
  async list(@Query() query: NotificationQueryDto): Promise<PageDto<NotificationSummaryDto>> {
    const [rows, total] = await this.notifications.list(query);
    return toPage(rows.map(NotificationSummaryDto.from), total, query);
  }

  @Get(':id')
  @Auth(Role.Admin)
  @ApiOperation({
    operationId: 'getNotification',
    summary: 'Read one email from the outbox with its rendered subject, text and HTML',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: NotificationDto })
  async get(@Param('id') id: string): Promise<NotificationDto> {
    return NotificationDto.from(await this.notifications.get(id));
  }
}
