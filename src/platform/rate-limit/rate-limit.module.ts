import { Module } from '@nestjs/common';
import { minutes, ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { RateLimitGuard, ThrottlerName } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';

function throttler(name: ThrottlerName, perMinute: number) {
  return { name, ttl: minutes(1), limit: perMinute };
}

/**
 * Rate limits stored in Redis, so they hold across API instances. The guard itself is registered by the app
 * module, after authentication: global guards run in registration order, and the per-user limits need the user
 * the JWT guard found.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis) => ({
        throttlers: [
          throttler('default', config.rateLimit.perMinute),
          throttler('auth', config.rateLimit.authPerMinute),
          throttler('checkout', config.rateLimit.checkoutPerMinute),
        ],
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
  ],
  providers: [RateLimitGuard],
  exports: [RateLimitGuard, ThrottlerModule],
})
export class RateLimitModule {}
