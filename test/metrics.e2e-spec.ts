import { createTestApp, TestApp } from './app';

/** Every `http_request_duration_seconds_count` series as `{ labels, count }`. */
function durationCounts(text: string): { labels: string; count: number }[] {
  return [...text.matchAll(/^http_request_duration_seconds_count\{([^}]*)\} (\d+)$/gm)].map((m) => ({
    labels: m[1],
    count: Number(m[2]),
  }));
}

describe('metrics: Prometheus scrape with HTTP latency by route', () => {
  describe('without METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { METRICS_TOKEN: '' } });
    });
    afterAll(() => t.close());

    it('serves process metrics and a latency histogram labelled by route pattern, never the raw URL', async () => {
      await t.http().get('/api/v1/health').expect(200);
      await t.http().get('/api/v1/no-such-route/123').expect(404);
      const res = await t.http().get('/api/v1/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^process_cpu_user_seconds_total /m);
      expect(res.text).toMatch(/^nodejs_heap_size_used_bytes /m);
      expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
      const series = durationCounts(res.text);
      expect(series).toContainEqual({ labels: 'method="GET",route="/api/v1/health",status="200"', count: 1 });
      expect(series).toContainEqual({ labels: 'method="GET",route="unmatched",status="404"', count: 1 });
      expect(res.text).not.toContain('no-such-route');
    });

    it('counts each route pattern separately', async () => {
      await t.http().get('/api/v1/health/ready').expect(200);
      const res = await t.http().get('/api/v1/metrics').expect(200);
      expect(res.text).toMatch(/route="\/api\/v1\/health\/ready",status="200"/);
    });
  });

  describe('with METRICS_TOKEN', () => {
    const token = 'metrics-token-0123456789abcdef';
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { METRICS_TOKEN: token } });
    });
    afterAll(() => t.close());

    it('refuses a scrape without the token in the error shape', async () => {
      const res = await t.http().get('/api/v1/metrics').expect(401);
      expect(res.body).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        requestId: expect.any(String),
      });
    });

    it('refuses a wrong token', async () => {
      await t.http().get('/api/v1/metrics').set('Authorization', 'Bearer wrong-token').expect(401);
    });

    it('serves metrics for the right bearer token', async () => {
      const res = await t.http().get('/api/v1/metrics').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.text).toContain('http_request_duration_seconds');
    });
  });

  it('keeps a separate registry per app instance', async () => {
    const a = await createTestApp();
    const b = await createTestApp();
    try {
      await a.http().get('/api/v1/health').expect(200);
      await a.http().get('/api/v1/health').expect(200);
      const res = await b.http().get('/api/v1/metrics').expect(200);
      expect(durationCounts(res.text).filter((s) => s.labels.includes('route="/api/v1/health"'))).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
