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
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { ApiPageResponse, PageDto } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { ScanLogService } from '../scans/scan-log.service';
import { ScanLogEntryDto } from '../scans/dto/scan-log-entry.dto';
import { CheckInListsService } from './check-in-lists.service';
import { CheckInListDto, CreateCheckInListDto, UpdateCheckInListDto } from './dto/check-in-list.dto';

const notFound = ApiNotFoundResponse({
  description: 'NOT_FOUND: no such event or list, or not yours',
  type: ErrorResponseDto,
});
const invalid = ApiBadRequestResponse({
  description: 'VALIDATION_FAILED (details.fields), e.g. a tier of another event',
  type: ErrorResponseDto,
});

@ApiTags('check-in')
@Controller()
export class CheckInListsController {
  constructor(
    private readonly lists: CheckInListsService,
    private readonly scanLog: ScanLogService,
  ) {}

  @Post('events/:id/check-in-lists')
  @Auth()
  @ApiOperation({ summary: 'Create a check-in list (owners, managers, admins)' })
  @ApiCreatedResponse({ type: CheckInListDto })
  @invalid
  @notFound
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: CreateCheckInListDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CheckInListDto> {
    return this.lists.create(user, eventId, dto, meta);
  }

  @Get('events/:id/check-in-lists')
  @Auth()
  @ApiOperation({ summary: "The event's check-in lists with their statistics (any member, staff included)" })
  @ApiOkResponse({ type: [CheckInListDto] })
  @notFound
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
  ): Promise<CheckInListDto[]> {
    return this.lists.listForEvent(user, eventId);
  }

  @Get('check-in-lists/:id')
  @Auth()
  @ApiOperation({ summary: 'One check-in list with its statistics: expected, checked in, inside now' })
  @ApiOkResponse({ type: CheckInListDto })
  @notFound
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CheckInListDto> {
    return this.lists.get(user, id);
  }

  @Patch('check-in-lists/:id')
  @Auth()
  @ApiOperation({ summary: 'Change a check-in list (owners, managers, admins); scanners then sync it again' })
  @ApiOkResponse({ type: CheckInListDto })
  @invalid
  @notFound
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
  @ApiOperation({ summary: 'Delete a check-in list (owners, managers, admins); its scan log is kept' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @notFound
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
    summary: "The list's scan log, newest first: every scan, refused ones included (any member)",
  })
  @ApiPageResponse(ScanLogEntryDto)
  @notFound
  scans(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<ScanLogEntryDto>> {
    return this.scanLog.page(user, id, query);
  }
}
