import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import Redis from 'ioredis';
import { Public } from '../auth/auth.decorators';
import { HttpDrain } from '../http/http-drain';
import { REDIS } from '../redis/redis.module';

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly drain: HttpDrain,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database and Redis answer, and the server is not shutting down' })
  @HealthCheck()
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
