import { Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsTokenGuard } from './metrics-token.guard';

/** `GET /api/v1/metrics`. `configureHttpApp` mounts the timing middleware from HttpMetrics. */
@Module({
  controllers: [MetricsController],
  providers: [HttpMetrics, MetricsTokenGuard],
  exports: [HttpMetrics],
})
export class MetricsModule {}
