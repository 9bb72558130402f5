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
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '../../platform/auth/roles';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { PublicWithOptionalUser } from '../../platform/auth/optional-user';
import { Clock } from '../../platform/clock/clock';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { CreateTierDto } from './dto/create-tier.dto';
import { TierAvailabilityDto } from './dto/tier-availability.dto';
import { TierDto } from './dto/tier.dto';
import { UpdateTierDto } from './dto/update-tier.dto';
import { tierAvailability } from './tier-availability';
import { TiersService } from './tiers.service';

@ApiTags('tiers')
@Controller('events/:id/tiers')
export class EventTiersController {
  constructor(
    private readonly tiers: TiersService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @Idempotent()
  @ApiOperation({
    operationId: 'createTier',
    summary: 'Add a ticket tier to an event (owners, managers and admins)',
  })
  @ApiIdParam('id', 'The event')
  @ApiCreatedResponse({ type: TierDto })
  @ApiErrors('CONFLICT')
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: CreateTierDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<TierDto> {
    const { tier, event } = await this.tiers.create(user, eventId, dto, meta);
    return TierDto.from(tier, event, this.clock.now());
  }

  @Get()
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @PublicWithOptionalUser()
  @ApiOperation({
    operationId: 'listEventTiers',
    summary: "List an event's tiers with live availability (hidden tiers: members only)",
  })
  @ApiIdParam('id', 'The event')
  @ApiPage(TierDto)
  async list(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<TierDto>> {
    const { tiers, total, event } = await this.tiers.list(user, eventId, query);
    const now = this.clock.now();
    return toPage(
      tiers.map((t) => TierDto.from(t, event, now)),
      total,
      query,
    );
  }
}

@ApiTags('tiers')
@Controller('tiers')
export class TiersController {
  constructor(
    private readonly tiers: TiersService,
    private readonly clock: Clock,
  ) {}

  @Patch(':id')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @ApiOperation({
    operationId: 'updateTier',
    summary: 'Edit a tier (owners, managers and admins); capacity cannot drop below sold + held',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: TierDto })
  @ApiErrors('CAPACITY_BELOW_COMMITTED', 'CONFLICT', 'INVENTORY_BUSY')
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateTierDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<TierDto> {
    const { tier, event } = await this.tiers.update(user, id, dto, meta);
    return TierDto.from(tier, event, this.clock.now());
  }

  @Delete(':id')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteTier',
    summary: 'Delete a tier while nothing is sold or held (owners, managers and admins)',
  })
  @ApiIdParam()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors('TIER_HAS_SALES', 'CONFLICT', 'INVENTORY_BUSY')
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.tiers.remove(user, id, meta);
  }

  @Get(':id/availability')
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @PublicWithOptionalUser()
  @ApiOperation({
    operationId: 'getTierAvailability',
    summary: "A tier's live availability: capacity, sold, held, available and sale status",
  })
  @ApiIdParam()
  @ApiOkResponse({ type: TierAvailabilityDto })
  async availability(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<TierAvailabilityDto> {
    const { tier, event } = await this.tiers.get(user, id);
    const input = { ...tier, event: { ...event, deleted: event.deletedAt !== null } };
    return TierAvailabilityDto.from(tierAvailability(input, this.clock.now()));
  }
}
