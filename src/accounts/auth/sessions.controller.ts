import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { SessionDto } from './dto/session.dto';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listSessions',
    summary: "The caller's signed-in devices, most recently used first; `current` marks this one",
  })
  @ApiPage(SessionDto)
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: PageQueryDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<PageDto<SessionDto>> {
    return this.sessions.list(user, query, meta);
  }

  @Delete(':id')
  @Auth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'endSession',
    summary: 'Sign a device out: its refresh token stops working and its access tokens are refused at once',
  })
  @ApiIdParam('id', 'The session id, from `GET /auth/sessions`')
  @ApiNoContentResponse({ description: 'The session is ended' })
  async end(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.sessions.end(user, id, meta);
  }
}
