import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { Role } from '../../platform/auth/roles';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser, Public, ReqMeta } from '../../platform/auth/auth.decorators';
import { PublicWithOptionalUser } from '../../platform/auth/optional-user';
import { Clock } from '../../platform/clock/clock';
import { ApiPage } from '../../platform/http/page';
import { TierDto } from '../tiers/dto/tier.dto';
import { TierWaitlistCountsDto } from '../tiers/dto/tier-waitlist-counts.dto';
import { TierWaitlistCounts } from '../tiers/tier-waitlist-counts.port';
import { CancelEventDto } from './dto/cancel-event.dto';
import { CreateEventDto } from './dto/create-event.dto';
import { EventQueryDto } from './dto/event-query.dto';
import { EventViewQueryDto } from './dto/event-view-query.dto';
import { EventDetailDto, EventDto } from './dto/event.dto';
import { UpdateEventDto } from './dto/update-event.dto';
import { AccessService } from '../../access/access.service';
import { sendCached } from '../../platform/cache/send-cached';
import { EventAccessService } from './event-access.service';
import { EventCatalogService } from './event-catalog.service';
import { EventsService } from './events.service';
import { EventImageViews } from '../images/event-image-views';
import { Event } from './event.entity';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly access: EventAccessService,
    private readonly promoterAccess: AccessService,
    private readonly catalog: EventCatalogService,
    private readonly clock: Clock,
    private readonly waitlist: TierWaitlistCounts,
    private readonly images: EventImageViews,
  ) {}

  private async view(event: Event): Promise<EventDto> {
    return EventDto.from(event, await this.images.forEvent(event.id));
  }

  @Post()
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @Idempotent()
  @ApiOperation({
    operationId: 'createEvent',
    summary: 'Create a draft event for an approved promoter you manage',
  })
  @ApiCreatedResponse({ type: EventDto })
  @ApiErrors('NOT_FOUND', 'PROMOTER_NOT_APPROVED')
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateEventDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<EventDto> {
    return this.view(await this.events.create(user, dto, meta));
  }

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'Browse published events of approved promoters, with full-text search and filters',
  })
  @ApiPage(EventDto)
  async list(@Query() query: EventQueryDto, @Res() res: Response): Promise<void> {
    sendCached(res, await this.catalog.publicList(query), 'public, max-age=2');
  }

  @Get(':id')
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @PublicWithOptionalUser()
  @ApiOperation({
    operationId: 'getEvent',
    summary:
      'Read an event with its tiers and live availability (drafts, deleted events and hidden tiers: members ' +
      'only; with `code`, what the holder of that code may buy)',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: EventDetailDto })
  @ApiErrors('CODE_INVALID')
  async get(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: EventViewQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    // With a code, everyone (the team included) sees what the code's holder sees, cached under the code.
    if (query.code !== undefined) {
      sendCached(res, await this.catalog.codeDetail(id, query.code), 'private, max-age=1');
      return;
    }
    // Everyone but the promoter's own team sees the public page, served from the catalog cache.
    if (!user || !(await this.promoterAccess.roleInEvent(user, id, { includeDeleted: true }))) {
      sendCached(res, await this.catalog.publicDetail(id), 'public, max-age=1');
      return;
    }
    res.setHeader('Cache-Control', 'private, no-store');
    const { event, tiers, isMember } = await this.access.withTiers(user, id);
    const now = this.clock.now();
    // Waitlist counts are the promoter's business: members and admins only.
    const waitlist = isMember ? await this.waitlist.countsByTier(id) : null;
    res.json(
      EventDetailDto.withTiers(
        event,
        await this.images.forEvent(id),
        tiers.map((t) =>
          TierDto.from(t, event, now, waitlist ? TierWaitlistCountsDto.from(waitlist.get(t.id)) : undefined),
        ),
      ),
    );
  }

  @Patch(':id')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @ApiOperation({
    operationId: 'updateEvent',
    summary: 'Edit an event (owners, managers and admins); currency is frozen once sold',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: EventDto })
  @ApiErrors('FIELD_FROZEN', 'CONFLICT')
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateEventDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<EventDto> {
    return this.view(await this.events.update(user, id, dto, meta));
  }

  @Delete(':id')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteEvent',
    summary: 'Soft-delete an event that has sold nothing (owners, managers and admins)',
  })
  @ApiIdParam()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors('EVENT_HAS_SALES')
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.events.remove(user, id, meta);
  }

  @Post(':id/publish')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'publishEvent',
    summary: 'Publish a draft: needs an approved promoter, a tier and a future start',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: EventDto })
  @ApiErrors('EVENT_NOT_PUBLISHABLE', 'PROMOTER_NOT_APPROVED', 'INVALID_STATE_TRANSITION')
  async publish(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<EventDto> {
    return this.view(await this.events.publish(user, id, meta));
  }

  @Post(':id/cancel')
  @Auth(Role.Promoter, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelEvent',
    summary: 'Cancel a draft or published event, which stops all sales',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: EventDto })
  @ApiErrors('INVALID_STATE_TRANSITION')
  async cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelEventDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<EventDto> {
    return this.view(await this.events.cancel(id, user, meta, { reason: dto.reason }));
  }
}
