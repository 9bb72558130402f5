import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { ApiPageOrCsv, WantsCsv } from '../../platform/http/api-content.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { PageDto } from '../../platform/http/page';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { CODE_CSV_COLUMNS, CodesService } from './codes.service';
import {
  BulkCodesDto,
  BulkCodesResultDto,
  CodeDto,
  CodeQueryDto,
  CreateCodeDto,
  UpdateCodeDto,
} from './dto/code.dto';

@ApiTags('codes')
@Controller()
export class CodesController {
  constructor(private readonly codes: CodesService) {}

  @Post('events/:id/codes')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'createCode',
    summary: 'Create a discount, access or presale code for the event (owners, managers, admins)',
  })
  @ApiIdParam('id', 'The event')
  @ApiCreatedResponse({ type: CodeDto })
  @ApiErrors('FORBIDDEN', 'CODE_TAKEN')
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: CreateCodeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CodeDto> {
    return this.codes.create(user, eventId, dto, meta);
  }

  @Post('events/:id/codes/bulk')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'createCodesInBulk',
    summary:
      'Generate up to 1000 single-use codes: a prefix and a random suffix each (owners, managers, admins)',
  })
  @ApiIdParam('id', 'The event')
  @ApiCreatedResponse({ type: BulkCodesResultDto })
  @ApiErrors('FORBIDDEN')
  bulk(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: BulkCodesDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<BulkCodesResultDto> {
    return this.codes.bulk(user, eventId, dto, meta);
  }

  @Get('events/:id/codes')
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @Auth()
  @ApiOperation({
    operationId: 'listCodes',
    summary:
      "The event's codes with their uses, by code (owners, managers, admins); CSV with Accept: text/csv",
  })
  @ApiIdParam('id', 'The event')
  @ApiPageOrCsv(CodeDto, {
    columns: [...CODE_CSV_COLUMNS],
    example:
      `${CODE_CSV_COLUMNS.join(',')}\n` +
      'SUMMER25,discount,2500,,,100,1,12,2,86,,2030-06-01T08:00:00.000Z,true,2030-05-01T08:00:00.000Z,' +
      '5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6\n',
  })
  @ApiErrors('FORBIDDEN')
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Query() query: CodeQueryDto,
    @WantsCsv() csv: boolean,
  ): Promise<PageDto<CodeDto> | StreamableFile> {
    if (csv) {
      return new StreamableFile(await this.codes.csv(user, eventId, query), {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="codes-${eventId}.csv"`,
      });
    }
    return this.codes.list(user, eventId, query);
  }

  @Get('codes/:id')
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @Auth()
  @ApiOperation({ operationId: 'getCode', summary: 'One code with its uses (owners, managers, admins)' })
  @ApiIdParam()
  @ApiOkResponse({ type: CodeDto })
  @ApiErrors('FORBIDDEN')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CodeDto> {
    return this.codes.get(user, id);
  }

  @Patch('codes/:id')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth()
  @ApiOperation({
    operationId: 'updateCode',
    summary: "Change a code's terms (owners, managers, admins); orders keep the price they were placed at",
  })
  @ApiIdParam()
  @ApiOkResponse({ type: CodeDto })
  @ApiErrors('FORBIDDEN', 'INVENTORY_BUSY')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCodeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CodeDto> {
    return this.codes.update(user, id, dto, meta);
  }

  @Post('codes/:id/deactivate')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'deactivateCode',
    summary: 'Stop a code from being used (owners, managers, admins); codes are never deleted',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: CodeDto })
  @ApiErrors('FORBIDDEN', 'INVENTORY_BUSY')
  deactivate(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CodeDto> {
    return this.codes.deactivate(user, id, meta);
  }
}
