import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { RedisClient } from '../redis/redis-connections';
import { Public } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { HttpDrain } from '../http/http-drain';
import { REDIS } from '../redis/redis.module';
import { HealthIndicatorDto, HealthStatusDto } from './health-status.dto';

/** Terminus documents its own 503 body, but the error filter answers 503 in the API's error shape. */
const HEALTH_CHECK = { noCache: true, swaggerDocumentation: false };

@ApiTags('ops')
@ApiExtraModels(HealthIndicatorDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly drain: HttpDrain,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Liveness: the process is up' })
  @ApiOkResponse({ type: HealthStatusDto })
  @HealthCheck(HEALTH_CHECK)
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: 'Readiness: the database and Redis answer, and the server is not shutting down',
  })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiErrors('SERVICE_UNAVAILABLE')
  @HealthCheck(HEALTH_CHECK)
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.redisCheck(),
      () => this.drainCheck(),
    ]);
  }

  private drainCheck() {
    const indicator = this.indicators.check('server');
    return this.drain.isDraining ? indicator.down({ message: 'shutting down' }) : indicator.up();
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    try {
      const pong = await this.redis.ping();
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected reply ${pong}` });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}
