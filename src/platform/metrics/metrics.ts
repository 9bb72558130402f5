import { Global, Injectable, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The app's one Prometheus registry. Any module registers its counters here (`registers: [metrics.registry]`);
 * `GET /metrics` (insight) serves it. One registry per app instance, so two apps in one process (the tests) do
 * not register the same metric twice.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsRegistryModule {}
