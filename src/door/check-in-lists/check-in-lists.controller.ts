import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
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
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiPage, PageDto } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { ScanLogService } from '../scans/scan-log.service';
import { ScanLogEntryDto } from '../scans/dto/scan-log-entry.dto';
import { CheckInListsService } from './check-in-lists.service';
import { CheckInListDto, CreateCheckInListDto, UpdateCheckInListDto } from './dto/check-in-list.dto';

@ApiTags('check-in')
@Controller()
export class CheckInListsController {
  constructor(
    private readonly lists: CheckInListsService,
    private readonly scanLog: ScanLogService,
  ) {}

  @Post('events/:id/check-in-lists')
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'createCheckInList',
    summary: 'Create a check-in list (owners, managers, admins)',
  })
  @ApiErrors('FORBIDDEN')
  @ApiCreatedResponse({ type: CheckInListDto })
  @ApiIdParam()
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: CreateCheckInListDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CheckInListDto> {
    return this.lists.create(user, eventId, dto, meta);
  }

  @Get('events/:id/check-in-lists')
  @ApiKeyAccess(ApiKeyScope.CheckinWrite)
  @Auth()
  @ApiOperation({
    operationId: 'listCheckInLists',
    summary: "The event's check-in lists with their statistics (any member, staff included)",
  })
  @ApiOkResponse({ type: [CheckInListDto] })
  @ApiIdParam()
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
  ): Promise<CheckInListDto[]> {
    return this.lists.listForEvent(user, eventId);
  }

  @Get('check-in-lists/:id')
  @ApiKeyAccess(ApiKeyScope.CheckinWrite)
  @Auth()
  @ApiOperation({
    operationId: 'getCheckInList',
    summary: 'One check-in list with its statistics: expected, checked in, inside now',
  })
  @ApiOkResponse({ type: CheckInListDto })
  @ApiIdParam()
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CheckInListDto> {
    return this.lists.get(user, id);
  }

  @Patch('check-in-lists/:id')
  @Auth()
  @ApiOperation({
    operationId: 'updateCheckInList',
    summary: 'Change a check-in list (owners, managers, admins); scanners then sync it again',
  })
  @ApiErrors('FORBIDDEN')
  @ApiOkResponse({ type: CheckInListDto })
  @ApiIdParam()
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCheckInListDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CheckInListDto> {
    return this.lists.update(user, id, dto, meta);
  }

  @Delete('check-in-lists/:id')
  @Auth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteCheckInList',
    summary: 'Delete a check-in list (owners, managers, admins); its scan log is kept',
  })
  @ApiErrors('FORBIDDEN')
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiIdParam()
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.lists.remove(user, id, meta);
  }

  @Get('check-in-lists/:id/scans')
  @Auth()
  @ApiOperation({
    operationId: 'listCheckInScans',
    summary: "The list's scan log, newest first: every scan, refused ones included (any member)",
  })
  @ApiPage(ScanLogEntryDto)
  @ApiIdParam()
  scans(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<ScanLogEntryDto>> {
    return this.scanLog.page(user, id, query);
  }
}
