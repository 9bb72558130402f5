import { createTestApp, TestApp } from './app';
import { strongPassword, uniqueEmail } from './factories/users';

describe('platform: errors, request ids, health, docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers an unknown route with the error shape', async () => {
    const res = await t.http().get('/api/v1/no-such-route').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
  });

  it('answers malformed JSON with MALFORMED_JSON and echoes the request id', async () => {
    const res = await t
      .http()
      .post('/api/v1/health')
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', 'req-123')
      .send('{"broken":')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON', requestId: 'req-123' });
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
  });

  it('reports liveness and readiness of the database and Redis', async () => {
    await t.http().get('/api/v1/health').expect(200);
    const ready = await t.http().get('/api/v1/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves the OpenAPI document with bearer auth', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers validation failures with details.fields naming each bad field', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: 'not-an-email', password: 42, name: '' })
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      requestId: expect.any(String),
    });
    const fields = (res.body.details.fields as { field: string; errors: string[] }[]).map((f) => f.field);
    expect(fields.sort()).toEqual(['email', 'name', 'password']);
  });

  it('rejects an unknown body property instead of ignoring it', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: strongPassword(), name: 'Mallory', role: 'admin' })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields).toEqual([
      { field: 'role', errors: [expect.stringMatching(/should not exist/)] },
    ]);
  });

  it('refuses a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = { padding: 'x'.repeat(200 * 1024) };
    const res = await t.http().post('/api/v1/auth/login').send(big).expect(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      requestId: expect.any(String),
    });
  });

  it('sends helmet security headers', async () => {
    const res = await t.http().get('/api/v1/health').expect(200);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('echoes a sane X-Request-Id and replaces one that is not', async () => {
    const given = await t.http().get('/api/v1/health').set('X-Request-Id', 'trace-abc.42').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-abc.42');
    const generated = await t.http().get('/api/v1/health').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await t.http().get('/api/v1/health').set('X-Request-Id', 'a b<script>').expect(200);
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows no cross-origin browser access by default', async () => {
    const res = await t.http().get('/api/v1/health').set('Origin', 'https://shop.example.com').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('platform: CORS allow-list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      role: 'api',
      env: { CORS_ORIGINS: 'https://shop.example.com,https://promoters.example.com' },
    });
  });
  afterAll(() => t.close());

  it('answers an allowed origin with Access-Control-Allow-Origin', async () => {
    const res = await t.http().get('/api/v1/health').set('Origin', 'https://shop.example.com').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(res.headers['access-control-expose-headers']?.split(',')).toEqual([
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Policy',
      'RateLimit',
      'Idempotent-Replayed',
      'Content-Disposition',
    ]);
  });

  it('answers a preflight from an allowed origin', async () => {
    const res = await t
      .http()
      .options('/api/v1/auth/login')
      .set('Origin', 'https://promoters.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,authorization');
    expect(res.status).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe('https://promoters.example.com');
  });

  it('gives any other origin no Access-Control-Allow-Origin', async () => {
    const res = await t.http().get('/api/v1/health').set('Origin', 'https://evil.example.net').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
