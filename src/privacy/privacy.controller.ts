import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, Public, ReqMeta } from '../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../platform/auth/auth-user';
import { Role } from '../platform/auth/roles';
import { ApiErrors } from '../platform/http/api-errors.decorator';
import { ApiIdParam } from '../platform/http/api-params.decorators';
import { EraseAccountDto } from './erasure/dto/erase-account.dto';
import { ErasureService } from './erasure/erasure.service';
import { DataExportDto, DownloadExportQueryDto } from './exports/dto/data-export.dto';
import { Archive } from './exports/archive.queries';
import { DataExportsService } from './exports/data-exports.service';

const ARCHIVE_SCHEMA = {
  type: 'object',
  description:
    'Everything the platform holds about the user, one section per kind of record (`account`, `sessions`, ' +
    '`orders`, `tickets`, `waitlistEntries`, `emails`, `auditEntries`, …), columns as stored.',
  additionalProperties: true,
  required: ['format', 'generatedAt', 'account'],
  properties: {
    format: { type: 'string', example: 'ticket-vendor-export/1' },
    generatedAt: { type: 'string', format: 'date-time' },
    account: { type: 'object', additionalProperties: true },
  },
};

@ApiTags('privacy')
@Controller()
export class PrivacyController {
  constructor(
    private readonly exports: DataExportsService,
    private readonly erasure: ErasureService,
  ) {}

  @Post('me/export')
  @Auth()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'requestDataExport',
    summary: 'Ask for a copy of your personal data (GDPR): a JSON archive, emailed as a link that expires',
  })
  @ApiAcceptedResponse({ type: DataExportDto })
  async requestOwn(@CurrentUser() user: AuthUser, @ReqMeta() meta: RequestMeta): Promise<DataExportDto> {
    return DataExportDto.from(await this.exports.request(user.id, user, meta));
  }

  @Get('me/exports/:id/download')
  @Public()
  @Header('Content-Disposition', 'attachment; filename="ticket-vendor-export.json"')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'downloadDataExport',
    summary: 'Download an export with the token of its emailed link (until DATA_EXPORT_TTL_HOURS pass)',
  })
  @ApiIdParam('id', 'The export id, from the emailed link')
  @ApiOkResponse({ description: 'The archive', schema: ARCHIVE_SCHEMA })
  @ApiErrors('DATA_EXPORT_EXPIRED')
  download(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DownloadExportQueryDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<Archive> {
    return this.exports.download(id, query.token, meta);
  }

  @Delete('me')
  @Auth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'eraseAccount',
    summary:
      'Erase your account (GDPR): tickets for events to come are refunded first; orders stay, pseudonymised',
  })
  @ApiNoContentResponse({ description: 'The account is erased and signed out everywhere' })
  @ApiErrors('INVALID_CREDENTIALS', 'ERASURE_REFUSED')
  async eraseOwn(
    @CurrentUser() user: AuthUser,
    @Body() dto: EraseAccountDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.erasure.eraseSelf(user, dto.password, meta);
  }

  @Post('admin/users/:id/export')
  @Auth(Role.Admin)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'requestUserDataExport',
    summary: "Build a user's GDPR export; the link goes to the user's email",
  })
  @ApiIdParam()
  @ApiAcceptedResponse({ type: DataExportDto })
  async requestForUser(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() admin: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DataExportDto> {
    return DataExportDto.from(await this.exports.request(id, admin, meta));
  }

  @Delete('admin/users/:id')
  @Auth(Role.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'eraseUser',
    summary: "Erase a user's personal data (GDPR), refunding their tickets for events to come first",
  })
  @ApiIdParam()
  @ApiNoContentResponse({ description: 'The account is erased' })
  @ApiErrors('ERASURE_REFUSED', 'CANNOT_MODIFY_SELF')
  async eraseUser(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() admin: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.erasure.eraseByAdmin(id, { actor: admin, meta });
  }
}
