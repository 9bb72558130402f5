import { Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Role } from '../../platform/auth/roles';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { AppConfig } from '../../platform/config/app-config';
import { QueueSessionDto } from './dto/queue-session.dto';
import { QueueDashboardAuthService } from './queue-dashboard-auth.service';
import {
  QUEUE_DASHBOARD_PATH,
  QUEUE_SESSION_COOKIE,
  QUEUE_SESSION_TTL_SECONDS,
  queueSessionCookieOptions,
} from './queue-session-cookie';

const SESSION_DESCRIPTION = [
  `The BullMQ dashboard (bull-board) is a web page at \`${QUEUE_DASHBOARD_PATH}\`, outside the \`/api/v1\` prefix.`,
  'A browser cannot send a bearer header when it navigates, so call this route with an admin access token:',
  `it sets the \`${QUEUE_SESSION_COOKIE}\` cookie (signed, HttpOnly, SameSite=Strict, Secure in production,`,
  `path \`${QUEUE_DASHBOARD_PATH}\`), valid for ${QUEUE_SESSION_TTL_SECONDS / 60} minutes and never longer`,
  'than the access token. Then open the dashboard in the same browser.',
  'Every dashboard request re-checks that the user is still an active admin; logging out closes the session.',
  `Scripts and tools may instead call \`${QUEUE_DASHBOARD_PATH}\` with \`Authorization: Bearer <accessToken>\`.`,
  'Without either the dashboard answers 401, and 403 for a user who is not an admin. Each session is audited',
  '(`admin.queue_session_issued`), and so is every change made through the dashboard (`admin.queue_action`).',
].join(' ');

@ApiTags('admin')
@Controller('admin/queues')
export class AdminQueuesController {
  constructor(
    private readonly dashboardAuth: QueueDashboardAuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('session')
  @Auth(Role.Admin)
  @ApiOperation({
    operationId: 'openQueueDashboardSession',
    summary: `Open a queue-dashboard session: sets a short-lived cookie for ${QUEUE_DASHBOARD_PATH}`,
    description: SESSION_DESCRIPTION,
  })
  @ApiCreatedResponse({
    type: QueueSessionDto,
    headers: {
      'Set-Cookie': {
        description: `The \`${QUEUE_SESSION_COOKIE}\` session cookie (HttpOnly, SameSite=Strict, path ${QUEUE_DASHBOARD_PATH})`,
        schema: { type: 'string' },
      },
    },
  })
  async openSession(
    @CurrentUser() admin: AuthUser,
    @ReqMeta() meta: RequestMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QueueSessionDto> {
    const session = await this.dashboardAuth.issue(admin, meta);
    const maxAgeMs = Math.max(0, session.expiresAt.getTime() - Date.now());
    res.cookie(
      QUEUE_SESSION_COOKIE,
      session.token,
      queueSessionCookieOptions(this.config.isProduction, maxAgeMs),
    );
    return QueueSessionDto.from(session);
  }
}
