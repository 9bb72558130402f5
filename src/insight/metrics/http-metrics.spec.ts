import { Metrics } from '../../platform/metrics/metrics';
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { HttpMetrics } from './http-metrics';

/** Runs one fake request through the middleware and returns the series it recorded. */
async function record(metrics: HttpMetrics, req: Partial<Request>, status: number) {
  const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as Response;
  metrics.middleware()(req as Request, res, (() => undefined) as NextFunction);
  res.emit('finish');
  const histogram = await metrics.registry.getSingleMetricAsString('http_request_duration_seconds');
  return histogram.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_count'));
}

describe('HttpMetrics', () => {
  it('labels a request with the route pattern, not the raw URL', async () => {
    const lines = await record(
      new HttpMetrics(new Metrics()),
      {
        method: 'GET',
        baseUrl: '',
        url: '/api/v1/events/5f0e…',
        route: { path: '/api/v1/events/:id' },
      },
      200,
    );
    expect(lines).toEqual([
      'http_request_duration_seconds_count{method="GET",route="/api/v1/events/:id",status="200"} 1',
    ]);
  });

  it("groups requests that matched no route, including Nest's catch-all", async () => {
    const metrics = new HttpMetrics(new Metrics());
    await record(metrics, { method: 'GET', baseUrl: '', url: '/wp-admin' }, 404);
    const lines = await record(
      metrics,
      { method: 'GET', baseUrl: '', url: '/api/v1/x', route: { path: '/api/v1*path' } },
      404,
    );
    expect(lines).toEqual([
      'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 2',
    ]);
  });

  it('uses its own registry, not the global one', () => {
    const one = new HttpMetrics(new Metrics());
    const two = new HttpMetrics(new Metrics());
    expect(one.registry).not.toBe(two.registry);
  });
});
