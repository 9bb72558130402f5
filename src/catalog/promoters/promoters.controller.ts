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
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { ApiPageResponse, PageDto, toPage } from '../../platform/http/page';
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
  @ApiOperation({ summary: 'Apply as a promoter: you become its owner and it waits for approval as pending' })
  @ApiCreatedResponse({ type: PromoterDto })
  async apply(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreatePromoterDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PromoterDto> {
    return PromoterDto.from(await this.promoters.apply(user, dto, meta));
  }

  @Get(':id')
  @Auth()
  @ApiOperation({ summary: 'Read a promoter (members and admins)' })
  @ApiOkResponse({ type: PromoterDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PromoterDto> {
    return PromoterDto.from(await this.promoters.get(user, id));
  }

  @Patch(':id')
  @Auth()
  @ApiOperation({ summary: 'Edit the promoter profile (owners, managers and admins)' })
  @ApiOkResponse({ type: PromoterDto })
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
  @ApiOperation({ summary: 'List the team: members first, then open invites (members and admins)' })
  @ApiPageResponse(MemberDto)
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
  @ApiOperation({
    summary:
      'Add a member by email (owners and admins); an unknown address is invited and joins on registering',
  })
  @ApiCreatedResponse({ type: MemberDto })
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
  @ApiOperation({ summary: 'Remove a member (owners and admins); the last owner cannot be removed' })
  @ApiNoContentResponse({ description: 'Removed' })
  async removeMember(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.members.remove(user, id, userId, meta);
  }
}
