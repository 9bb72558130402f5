import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';
import { Metrics } from '../../platform/metrics/metrics';

/** Requests that matched no route share one label, so scanners cannot blow up the series count. */
export const UNMATCHED_ROUTE = 'unmatched';

/** HTTP latency by method, route pattern and status, in the app's registry (platform's `Metrics`). */
@Injectable()
export class HttpMetrics {
  readonly registry: Registry;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: Metrics) {
    this.registry = metrics.registry;
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Express middleware timing every request, including ones refused before reaching a route. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.duration.observe(
          { method: req.method, route: routePattern(req), status: String(res.statusCode) },
          seconds,
        );
      });
      next();
    };
  }
}

/**
 * The Express route pattern (`/api/v1/events/:id`), never the raw URL with its ids. Nest answers unknown
 * paths under the prefix from a catch-all `*path` route; no API route has a wildcard, so those are unmatched.
 */
function routePattern(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string' || path.includes('*')) return UNMATCHED_ROUTE;
  return `${req.baseUrl}${path}`;
}
