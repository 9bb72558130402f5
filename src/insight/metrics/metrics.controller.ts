import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../../platform/auth/auth.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { HttpMetrics } from './http-metrics';
import { MetricsTokenGuard } from './metrics-token.guard';

/** The security scheme of `METRICS_TOKEN` in the OpenAPI document. */
export const METRICS_TOKEN_SCHEME = 'metricsToken';

const EXAMPLE = [
  '# HELP http_request_duration_seconds HTTP request duration in seconds, by method, route pattern and status code',
  '# TYPE http_request_duration_seconds histogram',
  'http_request_duration_seconds_bucket{le="0.05",method="GET",route="/api/v1/events/:id",status="200"} 12',
].join('\n');

@ApiTags('ops')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: HttpMetrics) {}

  /**
   * Public when METRICS_TOKEN is unset; otherwise it takes that token (not a user JWT), so it is marked public
   * for the JWT guard and checked by its own guard.
   */
  @Get()
  @Public({ optionalCredential: METRICS_TOKEN_SCHEME })
  @UseGuards(MetricsTokenGuard)
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (bearer METRICS_TOKEN when one is configured)',
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format',
    content: { [Registry.PROMETHEUS_CONTENT_TYPE]: { schema: { type: 'string' }, example: EXAMPLE } },
  })
  @ApiErrors('UNAUTHENTICATED')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
