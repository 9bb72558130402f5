import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../platform/auth/roles';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import { AdminPromoterQueryDto } from './dto/admin-promoter-query.dto';
import { PromoterDecisionDto } from './dto/promoter-decision.dto';
import { PromoterDto } from './dto/promoter.dto';
import { PromoterModerationService } from './promoter-moderation.service';

/** Each move is audited and emails the owner; an illegal move is 409 INVALID_STATE_TRANSITION. */
@ApiTags('admin')
@Controller('admin/promoters')
export class AdminPromotersController {
  constructor(private readonly moderation: PromoterModerationService) {}

  @Get()
  @Auth(Role.Admin)
  @ApiOperation({
    operationId: 'listPromoters',
    summary: 'List promoters, oldest first, optionally by status (the review queue)',
  })
  @ApiPage(PromoterDto)
  async list(@Query() query: AdminPromoterQueryDto): Promise<PageDto<PromoterDto>> {
    const [rows, total] = await this.moderation.list(query);
    return toPage(rows.map(PromoterDto.from), total, query);
  }

  @Post(':id/approve')
  @Auth(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'approvePromoter',
    summary: 'Approve a pending promoter; its members become promoters',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: PromoterDto })
  @ApiErrors('INVALID_STATE_TRANSITION')
  approve(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PromoterDecisionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PromoterDto> {
    return this.move(admin, id, 'approve', dto, meta);
  }

  @Post(':id/reject')
  @Auth(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rejectPromoter',
    summary: 'Reject a pending promoter, with an optional reason sent to the owner',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: PromoterDto })
  @ApiErrors('INVALID_STATE_TRANSITION')
  reject(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PromoterDecisionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PromoterDto> {
    return this.move(admin, id, 'reject', dto, meta);
  }

  @Post(':id/suspend')
  @Auth(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'suspendPromoter',
    summary: 'Suspend an approved promoter: its events leave the public listing and stop selling',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: PromoterDto })
  @ApiErrors('INVALID_STATE_TRANSITION')
  suspend(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PromoterDecisionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PromoterDto> {
    return this.move(admin, id, 'suspend', dto, meta);
  }

  @Post(':id/reinstate')
  @Auth(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'reinstatePromoter',
    summary: 'Reinstate a suspended promoter: its published events are listed again',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: PromoterDto })
  @ApiErrors('INVALID_STATE_TRANSITION')
  reinstate(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PromoterDecisionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PromoterDto> {
    return this.move(admin, id, 'reinstate', dto, meta);
  }

  private async move(
    admin: AuthUser,
    id: string,
    action: 'approve' | 'reject' | 'suspend' | 'reinstate',
    dto: PromoterDecisionDto,
    meta: RequestMeta,
  ): Promise<PromoterDto> {
    return PromoterDto.from(await this.moderation.move(admin, id, action, dto.reason, meta));
  }
}
