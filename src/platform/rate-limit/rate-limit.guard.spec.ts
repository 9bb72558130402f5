import { CanActivate, Controller, ExecutionContext, Get, Injectable, Module, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { loadConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { MetricsRegistryModule } from '../metrics/metrics';
import { RedisModule } from '../redis/redis.module';
import { AuthRateLimit, CheckoutRateLimit } from './rate-limit.decorators';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitModule } from './rate-limit.module';

@Controller('t')
class LimitedController {
  @Post('checkout')
  @CheckoutRateLimit()
  checkout() {
    return { ok: true };
  }

  @Post('login')
  @AuthRateLimit()
  login() {
    return { ok: true };
  }

  @Get('plain')
  plain() {
    return { ok: true };
  }
}

/** Stands in for the JWT guard, which runs first in the app: the caller's id comes from a header here. */
@Injectable()
class HeaderUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: { id: string } }>();
    const id = req.get('x-test-user');
    if (id) req.user = { id };
    return true;
  }
}

/** The app module's order: who the caller is first, then the limits. */
@Module({
  imports: [RateLimitModule],
  providers: [
    { provide: APP_GUARD, useClass: HeaderUserGuard },
    { provide: APP_GUARD, useExisting: RateLimitGuard },
  ],
})
class GuardsModule {}

// Real Redis (this jest worker's database index); every test uses fresh user ids and addresses.
describe('RateLimitGuard', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const ip = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const as = (req: request.Test, user: string | undefined, from: string) =>
    (user ? req.set('X-Test-User', user) : req).set('X-Forwarded-For', from);

  beforeAll(async () => {
    const config = loadConfig({
      RATE_LIMIT_PER_MINUTE: '5',
      RATE_LIMIT_AUTH_PER_MINUTE: '2',
      RATE_LIMIT_CHECKOUT_PER_MINUTE: '2',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), RedisModule, MetricsRegistryModule, GuardsModule],
      controllers: [LimitedController],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    app.set('trust proxy', 1);
    app.useGlobalFilters(new AllExceptionsFilter());
    await app.init();
  });
  afterAll(() => app.close());

  it('limits checkout per user, whatever address they come from', async () => {
    const [ada, bob] = [randomUUID(), randomUUID()];
    await as(http().post('/t/checkout'), ada, ip()).expect(201);
    await as(http().post('/t/checkout'), ada, ip()).expect(201);
    const refused = await as(http().post('/t/checkout'), ada, ip()).expect(429);
    expect(refused.body).toMatchObject({
      code: 'RATE_LIMITED',
      details: { policy: 'checkout', limit: 2, windowSeconds: 60, retryAfterSeconds: expect.any(Number) },
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    // The IETF headers name the limit that refused, not the general one.
    expect(refused.headers['ratelimit-policy']).toBe('"default";q=5;w=60, "checkout";q=2;w=60');
    expect(refused.headers.ratelimit).toBe(`"checkout";r=0;t=${retryAfter}`);
    await as(http().post('/t/checkout'), bob, ip()).expect(201);
  });

  it('limits the auth bucket per address, even for signed-in callers', async () => {
    const from = ip();
    await as(http().post('/t/login'), randomUUID(), from).expect(201);
    await as(http().post('/t/login'), randomUUID(), from).expect(201);
    await as(http().post('/t/login'), randomUUID(), from).expect(429);
    await as(http().post('/t/login'), undefined, ip()).expect(201);
  });

  it('applies only the general limit to routes without a bucket', async () => {
    const user = randomUUID();
    for (let i = 0; i < 5; i++) await as(http().get('/t/plain'), user, ip()).expect(200);
    await as(http().get('/t/plain'), user, ip()).expect(429);
  });

  it('shares one general budget across routes', async () => {
    const user = randomUUID();
    for (let i = 0; i < 2; i++) await as(http().post('/t/checkout'), user, ip()).expect(201);
    for (let i = 0; i < 3; i++) await as(http().get('/t/plain'), user, ip()).expect(200);
    await as(http().get('/t/plain'), user, ip()).expect(429);
  });

  it('counts anonymous callers per address', async () => {
    const from = ip();
    for (let i = 0; i < 5; i++) await as(http().get('/t/plain'), undefined, from).expect(200);
    await as(http().get('/t/plain'), undefined, from).expect(429);
    await as(http().get('/t/plain'), undefined, ip()).expect(200);
  });

  it('reports the bucket closest to its limit on an accepted request', async () => {
    const user = randomUUID();
    const first = await as(http().post('/t/checkout'), user, ip()).expect(201);
    expect(first.headers['ratelimit-policy']).toBe('"default";q=5;w=60, "checkout";q=2;w=60');
    expect(first.headers.ratelimit).toMatch(/^"checkout";r=1;t=\d+$/);
    const plain = await as(http().get('/t/plain'), user, ip()).expect(200);
    expect(plain.headers['ratelimit-policy']).toBe('"default";q=5;w=60');
    expect(plain.headers.ratelimit).toMatch(/^"default";r=3;t=\d+$/);
  });
});
