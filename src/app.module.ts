import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { JwtAuthGuard } from './accounts/auth/jwt-auth.guard';
import { RolesGuard } from './accounts/auth/roles.guard';
import { CatalogModule } from './catalog/catalog.module';
import { CheckoutModule } from './checkout/checkout.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DemandModule } from './demand/demand.module';
import { DoorModule } from './door/door.module';
import { InsightModule } from './insight/insight.module';
import { InventoryModule } from './inventory/inventory.module';
import { AuditModule } from './platform/audit/audit.module';
import { CacheModule } from './platform/cache/cache.module';
import { ClockModule } from './platform/clock/clock.module';
import { AppConfig, loadConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { dataSourceOptions } from './platform/database/data-source-options';
import { ReadDatabaseModule } from './platform/database/read-database';
import { DomainEventsModule } from './platform/events/domain-events.module';
import { HealthModule } from './platform/health/health.module';
import { HttpServerModule } from './platform/http/http.module';
import { IdempotencyModule } from './platform/idempotency/idempotency.module';
import { DEFAULT_JOB_OPTIONS } from './platform/jobs/queues';
import { WorkerModule } from './platform/jobs/worker.module';
import { MetricsRegistryModule } from './platform/metrics/metrics';
import { OutboxModule } from './platform/outbox/outbox.module';
import { RateLimitGuard } from './platform/rate-limit/rate-limit.guard';
import { RateLimitModule } from './platform/rate-limit/rate-limit.module';
import { RedisModule } from './platform/redis/redis.module';
import { RedisConnections } from './platform/redis/redis-connections';
import { StorageModule } from './platform/storage/storage.module';
import { PrivacyModule } from './privacy/privacy.module';
import { WaitlistModule } from './waitlist/waitlist.module';

export type ProcessRole = 'api' | 'worker' | 'all';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Link tokens travel in query strings (the GDPR export's download link): keep them out of the logs. */
function withoutQueryTokens<T extends { url?: string }>(req: T): T {
  if (req.url) req.url = req.url.replace(/([?&]token=)[^&#]*/gi, '$1[Redacted]');
  return req;
}

/** Takes the caller's X-Request-Id when it is sane, otherwise makes one, and echoes it back. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * The modules, in the order of the module graph (docs/architecture.md). Every process loads all of them: the
 * API serves their routes, the worker runs their `@OnJob` and `@Sweep` methods.
 */
const DOMAIN_MODULES: Type[] = [
  AccountsModule,
  RateLimitModule,
  AccessModule,
  InventoryModule,
  CatalogModule,
  DemandModule,
  CheckoutModule,
  WaitlistModule,
  DoorModule,
  DeliveryModule,
  InsightModule,
  PrivacyModule,
];

@Module({})
export class AppModule {
  /** The API, the worker, or both in one process (`npm start`). */
  static forRole(role: ProcessRole, config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: requestId,
            redact: [
              'req.headers.authorization',
              'req.headers["x-api-key"]',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
              'req.query.token',
            ],
            serializers: { req: withoutQueryTokens },
            autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
          },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config), entities: [], autoLoadEntities: true }),
        ReadDatabaseModule,
        RedisModule,
        BullModule.forRootAsync({
          inject: [RedisConnections],
          useFactory: (connections: RedisConnections) => ({
            connection: connections.queueProducerConnection(),
            prefix: connections.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        DomainEventsModule.forRoot(),
        MetricsRegistryModule,
        CacheModule,
        AuditModule,
        OutboxModule,
        StorageModule,
        IdempotencyModule,
        HttpServerModule,
        HealthModule,
        ...DOMAIN_MODULES,
        ...(role === 'api' ? [] : [WorkerModule]),
      ],
      // The global guards, in the order they run: who the caller is, what their role allows, how often they may
      // call (per user once the first guard has found them, per address otherwise).
      providers: [
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useExisting: RolesGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
      ],
    };
  }
}
