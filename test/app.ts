import { Provider } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { RedisClient } from '../src/platform/redis/redis-connections';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule, ProcessRole } from '../src/app.module';
import { configureHttpApp } from '../src/http-app';
import { Clock } from '../src/platform/clock/clock';
import { SweepRunner } from '../src/platform/jobs/sweep-runner';
import { openApiContract } from './support/contract';
import { FakeClock } from './support/fake-clock';
import { REDIS } from '../src/platform/redis/redis.module';
import { AppConfig, loadConfig } from '../src/platform/config/app-config';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  redis: RedisClient;
  /** This app's clock: move it with `advance` (and `reset` after). */
  clock: FakeClock;
  /**
   * Runs the named `@Sweep` now, as of `now` (the app clock by default). Sweeps never run on their own timers in
   * tests (SWEEP_INTERVAL_SECONDS is an hour), so a test sweeps exactly when it says so. Worker-role apps only.
   */
  sweep: (name: string, now?: Date) => Promise<number | void>;
  /**
   * supertest against the app's HTTP server (paths start with /api/v1). Every response is also checked against
   * openapi.json (test/support/contract.ts): one that breaks the contract fails the request that received it.
   */
  http: () => TestHttp;
  close: () => Promise<void>;
}

export type TestHttp = ReturnType<typeof request>;

/** What the factories need: HTTP to an app (in this process or a child process) and its database. */
export type ApiTarget = Pick<TestApp, 'http' | 'dataSource'>;

/**
 * Generous limits so ordinary tests never hit them (rate-limit tests pass their own), sweeps that run only
 * when a test calls `sweep`, and a Redis command timeout that CPU contention cannot trip.
 */
const TEST_ENV: Record<string, string> = {
  SWEEP_INTERVAL_SECONDS: '3600',
  // The waiting room's tick has its own interval; tests tick it themselves too.
  QUEUE_TICK_SECONDS: '3600',
  REPORT_REFRESH_SECONDS: '3600',
  // Parallel jest workers on two shared cores can stall an event loop past the 2 s production bound; a Redis
  // answer read late must not become a 503 here. Tests of the bound set it back.
  REDIS_COMMAND_TIMEOUT_MS: '10000',
  RATE_LIMIT_PER_MINUTE: '100000',
  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
  RATE_LIMIT_CHECKOUT_PER_MINUTE: '100000',
  RATE_LIMIT_API_KEY_PER_MINUTE: '100000',
};

const METHODS: readonly string[] = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

type Request = ReturnType<TestHttp['get']>;

/** Runs the contract check on the response once the request's own `.expect`s have passed. */
function withContract(method: string, url: string, req: Request): Request {
  const end = req.end.bind(req);
  req.end = (fn) =>
    end((err, res) => {
      if (!err && res) {
        try {
          openApiContract().check(method, url, res);
        } catch (violation) {
          return fn?.(violation, res);
        }
      }
      return fn?.(err, res);
    });
  return req;
}

/** supertest whose every request is contract-checked. */
function contractChecked(server: Parameters<typeof request>[0]): TestHttp {
  return new Proxy(request(server), {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !METHODS.includes(prop) || typeof value !== 'function') return value;
      return (url: string) => withContract(prop, url, (value as (url: string) => Request).call(target, url));
    },
  });
}

/** Boots the real app (API and worker by default) on the run's fresh database and Redis. */
export async function createTestApp(
  options: { env?: Record<string, string>; role?: ProcessRole; providers?: Provider[] } = {},
): Promise<TestApp> {
  const config = loadConfig({ ...TEST_ENV, ...options.env });
  const clock = new FakeClock();
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRole(options.role ?? 'all', config)],
    providers: options.providers ?? [],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureHttpApp(app, config);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    redis: app.get<RedisClient>(REDIS),
    clock,
    sweep: (name, now) => app.get(SweepRunner).runOnce(name, now ?? clock.now()),
    http: () => contractChecked(server),
    close: async () => {
      openApiContract().flush(expect.getState().testPath ?? 'unknown');
      await app.close();
    },
  };
}

/** Polls `probe` until it returns a truthy value or the time runs out. For work done by the worker. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`eventually: timed out${last ? `: ${String(last)}` : ''}`);
}
