import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ChannelSubscriber } from './channel-subscriber';
import type { RedisClient } from './redis-connections';
import { closeRedis, RedisConnections } from './redis-connections';
import { REDIS } from './redis.token';

export { REDIS };

/**
 * One shared Redis connection (one Redis or a Redis Cluster, by configuration) for rate limits, caches and
 * pub/sub publishing, the one subscriber connection live streams share, and the factory every other connection
 * comes from.
 */
@Global()
@Module({
  providers: [
    RedisConnections,
    {
      provide: REDIS,
      inject: [RedisConnections],
      useFactory: async (connections: RedisConnections) => {
        const redis = connections.open();
        // Without a listener ioredis prints every reconnect failure; the callers see the errors they get.
        const logger = new Logger('Redis');
        redis.on('error', (err: Error) => logger.warn({ err }, 'Redis connection error'));
        await connections.ready(redis);
        return redis;
      },
    },
    ChannelSubscriber,
  ],
  exports: [REDIS, RedisConnections, ChannelSubscriber],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}
