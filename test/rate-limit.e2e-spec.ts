import { randomInt } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { authHeader, registerUser, strongPassword, uniqueEmail } from './factories/users';
import { redisKeys } from './support/redis';

/**
 * Counters live in the run's Redis database, shared by every app in this file. Each test uses its own client
 * address (X-Forwarded-For; the app trusts one proxy hop) or its own users, so tests never share a budget.
 */
const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

function login(t: TestApp, ip: string) {
  return t
    .http()
    .post('/api/v1/auth/login')
    .set('X-Forwarded-For', ip)
    .send({ email: uniqueEmail('nobody'), password: strongPassword() });
}

function expectRateLimited(res: { status: number; body: unknown; headers: Record<string, string> }) {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', requestId: expect.any(String) });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('rate limits (Redis-backed)', () => {
  /** Generous limits: creates users without touching the tight budgets. */
  let setup: TestApp;
  /** RATE_LIMIT_AUTH_PER_MINUTE=3. */
  let authLimited: TestApp;
  /** RATE_LIMIT_PER_MINUTE=3. */
  let generalLimited: TestApp;

  beforeAll(async () => {
    setup = await createTestApp({ role: 'api' });
    authLimited = await createTestApp({ role: 'api', env: { RATE_LIMIT_AUTH_PER_MINUTE: '3' } });
    generalLimited = await createTestApp({ role: 'api', env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await Promise.all([setup, authLimited, generalLimited].map((t) => t?.close()));
  });

  it('answers the 4th login from one IP with 429 RATE_LIMITED and Retry-After', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) expect((await login(authLimited, ip)).status).toBe(401);
    expectRateLimited(await login(authLimited, ip));
    // Another address keeps its own budget.
    expect((await login(authLimited, uniqueIp())).status).toBe(401);
  });

  it('applies the auth limit to register and forgot-password as well', async () => {
    const ip = uniqueIp();
    const register = () =>
      authLimited
        .http()
        .post('/api/v1/auth/register')
        .set('X-Forwarded-For', ip)
        .send({ email: uniqueEmail(), password: strongPassword(), name: 'Limited' });
    for (let i = 0; i < 3; i++) expect((await register()).status).toBe(201);
    expectRateLimited(await register());

    const forgot = () =>
      authLimited
        .http()
        .post('/api/v1/auth/password/forgot')
        .set('X-Forwarded-For', ip)
        .send({ email: uniqueEmail() });
    for (let i = 0; i < 3; i++) expect((await forgot()).status).toBeLessThan(300);
    expectRateLimited(await forgot());
  });

  it('limits signed-in callers per user: two users from one address each get their own budget', async () => {
    const [ada, bob] = [await registerUser(setup), await registerUser(setup)];
    const me = (token: string) => generalLimited.http().get('/api/v1/auth/me').set(authHeader(token));
    for (let i = 0; i < 3; i++) expect((await me(ada.accessToken)).status).toBe(200);
    expectRateLimited(await me(ada.accessToken));
    for (let i = 0; i < 3; i++) expect((await me(bob.accessToken)).status).toBe(200);
    expectRateLimited(await me(bob.accessToken));
  });

  it('limits anonymous callers per IP with one budget across routes', async () => {
    const ip = uniqueIp();
    const anonymous = generalLimited.http;
    expect((await login(generalLimited, ip)).status).toBe(401);
    expect((await login(generalLimited, ip)).status).toBe(401);
    await anonymous().post('/api/v1/auth/register').set('X-Forwarded-For', ip).send({}).expect(400);
    const res = await anonymous()
      .post('/api/v1/auth/password/forgot')
      .set('X-Forwarded-For', ip)
      .send({ email: uniqueEmail() });
    expectRateLimited(res);
  });

  it('never limits health checks or metrics', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 6; i++) {
      await generalLimited.http().get('/api/v1/health/ready').set('X-Forwarded-For', ip).expect(200);
      await generalLimited.http().get('/api/v1/metrics').set('X-Forwarded-For', ip).expect(200);
    }
  });

  it('keeps the counter in Redis, so a second instance sees the same count', async () => {
    const other = await createTestApp({ role: 'api', env: { RATE_LIMIT_AUTH_PER_MINUTE: '3' } });
    try {
      const ip = uniqueIp();
      expect((await login(authLimited, ip)).status).toBe(401);
      expect((await login(other, ip)).status).toBe(401);
      expect((await login(authLimited, ip)).status).toBe(401);
      expectRateLimited(await login(other, ip));
      expectRateLimited(await login(authLimited, ip));
      const keys = await redisKeys(other, `rate-limit:{ip:${ip}}:auth:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('limits checkout per user on POST /orders, before the body is even validated', async () => {
    const checkoutLimited = await createTestApp({
      role: 'api',
      env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '2' },
    });
    try {
      const [ada, bob] = [await registerUser(setup), await registerUser(setup)];
      const checkout = (token: string) =>
        checkoutLimited.http().post('/api/v1/orders').set(authHeader(token)).send({});
      for (let i = 0; i < 2; i++)
        expect((await checkout(ada.accessToken)).body.code).toBe('VALIDATION_FAILED');
      expectRateLimited(await checkout(ada.accessToken));
      expect((await checkout(bob.accessToken)).body.code).toBe('VALIDATION_FAILED');
      // Other routes keep the general budget.
      await checkoutLimited.http().get('/api/v1/auth/me').set(authHeader(ada.accessToken)).expect(200);
    } finally {
      await checkoutLimited.close();
    }
  });

  it('documents the 429 answer on the tightly limited routes', async () => {
    const doc = (await setup.http().get('/docs-json').expect(200)).body;
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/register', '/api/v1/auth/password/forgot']) {
      expect(doc.paths[path].post.responses['429']).toMatchObject({ description: expect.any(String) });
    }
  });
});
