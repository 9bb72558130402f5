import { createTestApp, TestApp } from './app';

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
});
