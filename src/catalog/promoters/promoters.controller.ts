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
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { AddMemberDto } from './dto/add-member.dto';
import { CreatePromoterDto } from './dto/create-promoter.dto';
import { MemberDto } from './dto/member.dto';
import { PromoterDto } from './dto/promoter.dto';
import { UpdatePromoterDto } from './dto/update-promoter.dto';
import { PromoterMembersService } from './promoter-members.service';
import { PromotersService } from './promoters.service';

@ApiTags('promoters')
@Controller('promoters')
export class PromotersController {
  constructor(
    private readonly promoters: PromotersService,
    private readonly members: PromoterMembersService,
  ) {}

  @Post()
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'applyAsPromoter',
    summary: 'Apply as a promoter: you become its owner and it waits for approval as pending',
  })
  @ApiCreatedResponse({ type: PromoterDto })
  @ApiErrors('PROMOTER_SLUG_TAKEN', 'EMAIL_NOT_VERIFIED')
  async apply(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreatePromoterDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PromoterDto> {
    return PromoterDto.from(await this.promoters.apply(user, dto, meta));
  }

  @Get(':id')
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @Auth()
  @ApiOperation({ operationId: 'getPromoter', summary: 'Read a promoter (members and admins)' })
  @ApiIdParam()
  @ApiOkResponse({ type: PromoterDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PromoterDto> {
    return PromoterDto.from(await this.promoters.get(user, id));
  }

  @Patch(':id')
  @Auth()
  @ApiOperation({
    operationId: 'updatePromoter',
    summary: 'Edit the promoter profile (owners, managers and admins)',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: PromoterDto })
  @ApiErrors('FORBIDDEN', 'PROMOTER_SLUG_TAKEN')
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdatePromoterDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PromoterDto> {
    return PromoterDto.from(await this.promoters.update(user, id, dto, meta));
  }

  @Get(':id/members')
  @Auth()
  @ApiOperation({
    operationId: 'listPromoterMembers',
    summary: 'List the team: members first, then open invites (members and admins)',
  })
  @ApiIdParam()
  @ApiPage(MemberDto)
  async listMembers(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<MemberDto>> {
    const [items, total] = await this.members.list(user, id, query);
    return toPage(items, total, query);
  }

  @Post(':id/members')
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'addPromoterMember',
    summary:
      'Add a member by email (owners and admins); an unknown address is invited and joins on registering',
  })
  @ApiIdParam()
  @ApiCreatedResponse({ type: MemberDto })
  @ApiErrors('FORBIDDEN', 'ALREADY_A_MEMBER', 'CONFLICT')
  addMember(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddMemberDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<MemberDto> {
    return this.members.add(user, id, dto, meta);
  }

  @Delete(':id/members/:userId')
  @Auth()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removePromoterMember',
    summary: 'Remove a member (owners and admins); the last owner cannot be removed',
  })
  @ApiIdParam()
  @ApiIdParam('userId', 'The member to remove')
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors('FORBIDDEN', 'LAST_OWNER')
  async removeMember(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.members.remove(user, id, userId, meta);
  }
}
