import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { ChannelSubscriber } from './channel-subscriber';
import { REDIS } from './redis.token';

export { REDIS };

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
      useFactory: (config: AppConfig) => new Redis(config.redis.url, { maxRetriesPerRequest: 2 }),
    },
    ChannelSubscriber,
  ],
  exports: [REDIS, ChannelSubscriber],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
