import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Clock } from './platform/clock/clock';
import { DEFAULT_JOB_OPTIONS } from './platform/jobs/queues';
import { RateLimitModule } from './platform/rate-limit/rate-limit.module';
import { RedisModule } from './platform/redis/redis.module';
import { AppConfig, loadConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { dataSourceOptions } from './platform/database/data-source-options';
import { AdminQueuesModule } from './insight/admin-queues/admin-queues.module';
import { AuditModule } from './platform/audit/audit.module';
import { AvailabilityModule } from './insight/availability/availability.module';
import { AvailabilityPublisherModule } from './insight/availability/availability-publisher.module';
import { EventsModule } from './catalog/events/events.module';
import { EventsWorkerModule } from './catalog/events/events-worker.module';
import { AuthModule } from './accounts/auth/auth.module';
import { HealthModule } from './platform/health/health.module';
import { MetricsModule } from './insight/metrics/metrics.module';
import { NotificationsModule } from './delivery/notifications/notifications.module';
import { OrdersWorkerModule } from './checkout/orders/orders-worker.module';
import { OrdersModule } from './checkout/orders/orders.module';
import { StripeWebhookModule } from './checkout/payments/stripe-webhook.module';
import { PromotersModule } from './catalog/promoters/promoters.module';
import { RemindersWorkerModule } from './delivery/reminders/reminders-worker.module';
import { ReportsModule } from './insight/reports/reports.module';
import { TicketsModule } from './checkout/tickets/tickets.module';
import { TiersModule } from './catalog/tiers/tiers.module';
import { AdminUsersModule } from './accounts/users/admin-users.module';
import { WaitlistCoreModule } from './waitlist/waitlist-core.module';
import { WaitlistWorkerModule } from './waitlist/waitlist-worker.module';
import { WaitlistModule } from './waitlist/waitlist.module';
import { WorkerModule } from './platform/jobs/worker.module';

export type ProcessRole = 'api' | 'worker' | 'all';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Takes the caller's X-Request-Id when it is sane, otherwise makes one, and echoes it back. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

@Module({})
export class ClockModule {
  static forRoot(): DynamicModule {
    return { module: ClockModule, global: true, providers: [Clock], exports: [Clock] };
  }
}

/** Modules that serve HTTP. */
const API_MODULES: Type[] = [
  AuthModule,
  AdminUsersModule,
  HealthModule,
  MetricsModule,
  RateLimitModule,
  PromotersModule,
  EventsModule,
  TiersModule,
  OrdersModule,
  TicketsModule,
  StripeWebhookModule,
  WaitlistModule,
  AdminQueuesModule,
  AvailabilityModule,
  ReportsModule,
];
/** Modules that run BullMQ processors and database sweepers. */
const WORKER_MODULES: Type[] = [
  WorkerModule,
  EventsWorkerModule,
  OrdersWorkerModule,
  WaitlistWorkerModule,
  RemindersWorkerModule,
];

@Module({})
export class AppModule {
  /** The API, the worker, or both in one process (`npm start`). */
  static forRole(role: ProcessRole, config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: requestId,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
          },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config), entities: [], autoLoadEntities: true }),
        RedisModule,
        BullModule.forRoot({
          connection: { url: config.redis.url },
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
        AuditModule,
        NotificationsModule,
        WaitlistCoreModule,
        AvailabilityPublisherModule,
        ...(role === 'worker' ? [] : API_MODULES),
        ...(role === 'api' ? [] : WORKER_MODULES),
      ],
    };
  }
}
