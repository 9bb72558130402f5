import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from '../../accounts/api-keys/dto/api-key.dto';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { PromoterApiKeysService } from './promoter-api-keys.service';

/** A promoter's API keys. Keys themselves never manage keys: these routes take signed-in members only. */
@ApiTags('api-keys')
@Controller('promoters/:id/api-keys')
export class PromoterApiKeysController {
  constructor(private readonly apiKeys: PromoterApiKeysService) {}

  @Post()
  @Auth()
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key (owners and managers); the answer shows its token, once',
    description:
      'The token (`tvk_…`) is sent as `X-API-Key` or `Authorization: Bearer`. Only its hash is kept: store it ' +
      'now. The key acts for this promoter only, on the operations whose `x-api-key-scope` is one of its scopes.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiErrors('FORBIDDEN', 'API_KEY_LIMIT')
  @ApiIdParam()
  create(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Body() dto: CreateApiKeyDto,
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(user, promoterId, dto, meta);
  }

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: "List a promoter's API keys, revoked ones too, oldest first (never their tokens)",
  })
  @ApiPage(ApiKeyDto)
  @ApiErrors('FORBIDDEN')
  @ApiIdParam()
  list(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Query() query: PageQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageDto<ApiKeyDto>> {
    return this.apiKeys.list(user, promoterId, query);
  }

  @Delete(':keyId')
  @Auth()
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key at once: its next request is refused (revoking twice changes nothing)',
  })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiErrors('FORBIDDEN')
  @ApiIdParam()
  @ApiIdParam('keyId')
  async revoke(
    @Param('id', ParseUUIDPipe) promoterId: string,
    @Param('keyId', ParseUUIDPipe) keyId: string,
    @CurrentUser() user: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ApiKeyDto> {
    return this.apiKeys.revoke(user, promoterId, keyId, meta);
  }
}
