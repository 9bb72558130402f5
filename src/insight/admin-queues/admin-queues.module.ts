import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { Queue } from 'bullmq';
import type { Express } from 'express';
import { JWT_ISSUER } from '../../accounts/auth/access-token.service';
import { AuthModule } from '../../accounts/auth/auth.module';
import { QueueName } from '../../platform/jobs/queues';
import { AppConfig } from '../../platform/config/app-config';
import { AdminQueuesController } from './admin-queues.controller';
import { bullBoardRouter, dashboardAuth, dashboardErrors, dashboardHeaders } from './queue-dashboard';
import { QueueDashboardAuthService } from './queue-dashboard-auth.service';
import { QUEUE_DASHBOARD_PATH, QUEUE_SESSION_AUDIENCE } from './queue-session-cookie';

/** Every queue, read from the enum, so a queue added there shows up on the dashboard without another edit. */
const ALL_QUEUES = Object.values(QueueName);
const DASHBOARD_QUEUES = Symbol('DASHBOARD_QUEUES');

/**
 * The admin's BullMQ dashboard (bull-board) at /admin/queues, and the route that opens a browser session for
 * it. The dashboard is a web page, not part of the versioned JSON API, so it is mounted on Express directly
 * rather than through Nest's router (which would put it under /api/v1).
 */
@Module({
  imports: [
    AuthModule,
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: JWT_ISSUER, audience: QUEUE_SESSION_AUDIENCE },
        verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: QUEUE_SESSION_AUDIENCE },
      }),
    }),
  ],
  controllers: [AdminQueuesController],
  providers: [
    QueueDashboardAuthService,
    {
      provide: DASHBOARD_QUEUES,
      inject: ALL_QUEUES.map((name) => getQueueToken(name)),
      useFactory: (...queues: Queue[]) => queues,
    },
  ],
})
export class AdminQueuesModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(DASHBOARD_QUEUES) private readonly queues: Queue[],
    private readonly dashboardAuthService: QueueDashboardAuthService,
  ) {}

  /** Runs during app.init(): after the app-wide middleware (helmet, CORS, body parsers), before the 404 handler. */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // an application context without HTTP (a CLI) has nothing to mount on
    const auth = this.dashboardAuthService;
    adapter.getInstance<Express>().use(
      QUEUE_DASHBOARD_PATH,
      ...dashboardHeaders(),
      dashboardAuth((req) => auth.admit(req)),
      bullBoardRouter(this.queues),
      dashboardErrors(),
    );
  }
}
