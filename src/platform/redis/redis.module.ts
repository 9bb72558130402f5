import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { ChannelSubscriber } from './channel-subscriber';
import { REDIS } from './redis.token';
import { requestPathRedisOptions } from './redis-options';
import { settledWithin } from './redis-deadline';

export { REDIS };

/** How long shutdown lets QUIT finish before it drops the connection: Redis may be the thing that is down. */
const QUIT_DEADLINE_MS = 1000;

/**
 * One shared Redis connection for denylists, rate limits and pub/sub publishing, and the one subscriber
 * connection live streams share.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const redis = new Redis(config.redis.url, requestPathRedisOptions(config));
        // Without a listener ioredis prints every reconnect failure; the callers see the errors they get.
        const logger = new Logger('Redis');
        redis.on('error', (err: Error) => logger.warn({ err }, 'Redis connection error'));
        return redis;
      },
    },
    ChannelSubscriber,
  ],
  exports: [REDIS, ChannelSubscriber],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (!(await settledWithin(this.redis.quit(), QUIT_DEADLINE_MS))) this.redis.disconnect();
  }
}
