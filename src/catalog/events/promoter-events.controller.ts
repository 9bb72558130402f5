import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { PromoterEventQueryDto } from './dto/promoter-event-query.dto';
import { EventDto } from './dto/event.dto';
import { EventImageViews } from '../images/event-image-views';
import { EventSearchService } from './event-search.service';

/** The promoter dashboard's event list; lives with events so the promoters module need not know about them. */
@ApiTags('promoters')
@Controller('promoters/:id/events')
export class PromoterEventsController {
  constructor(
    private readonly search: EventSearchService,
    private readonly images: EventImageViews,
  ) {}

  @Get()
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @Auth()
  @ApiOperation({
    operationId: 'listPromoterEvents',
    summary: "List a promoter's events in every status (members and admins)",
  })
  @ApiIdParam('id', 'The promoter')
  @ApiPage(EventDto)
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Query() query: PromoterEventQueryDto,
  ): Promise<PageDto<EventDto>> {
    const [rows, total] = await this.search.listForPromoter(user, promoterId, query);
    const images = await this.images.forEvents(rows.map((e) => e.id));
    return toPage(
      rows.map((e) => EventDto.from(e, images.get(e.id) ?? [])),
      total,
      query,
    );
  }
}
