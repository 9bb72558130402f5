import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

/** What `ThrottlerStorage.increment` answers (the package does not export the record type from its index). */
export interface RateLimitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * A fixed-window counter plus a block marker, in one round trip. Running it as a script keeps the read, the
 * increment and the block decision atomic, so concurrent requests on several API instances never slip past the
 * limit together.
 *
 * KEYS[1] hit counter, KEYS[2] block marker; ARGV ttl ms, limit, block duration ms.
 * Returns { hits, ms until the window resets, blocked 0/1, ms until the block ends }.
 */
const INCREMENT_SCRIPT = `
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockFor = tonumber(ARGV[3])
local blockedMs = redis.call('PTTL', KEYS[2])
if blockedMs > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return { hits, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockedMs }
end
local hits = redis.call('INCR', KEYS[1])
local windowMs = redis.call('PTTL', KEYS[1])
if windowMs < 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  windowMs = ttl
end
if hits > limit then
  if blockFor > 0 then
    redis.call('SET', KEYS[2], '1', 'PX', blockFor)
    return { hits, windowMs, 1, blockFor }
  end
  return { hits, windowMs, 1, windowMs }
end
return { hits, windowMs, 0, 0 }
`;

const KEY_PREFIX = 'rate-limit';

interface RedisWithRateLimit extends Redis {
  rateLimitIncrement(
    hitsKey: string,
    blockKey: string,
    ttlMs: number,
    limit: number,
    blockMs: number,
  ): Promise<[number, number, number, number]>;
}

/**
 * Rate-limit counters in Redis, so every API instance shares one budget per user or IP. Counters expire on
 * their own; losing them (a Redis restart) only resets the windows, which is safe.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: RedisWithRateLimit;

  constructor(@Inject(REDIS) redis: Redis) {
    // defineCommand sends EVALSHA and falls back to EVAL once when Redis does not know the script yet.
    redis.defineCommand('rateLimitIncrement', { numberOfKeys: 2, lua: INCREMENT_SCRIPT });
    this.redis = redis as RedisWithRateLimit;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<RateLimitRecord> {
    // The hash tag keeps both keys in one slot, so the script also runs on Redis Cluster.
    const base = `${KEY_PREFIX}:${throttlerName}:{${key}}`;
    const [hits, windowMs, blocked, blockMs] = await this.redis.rateLimitIncrement(
      `${base}:hits`,
      `${base}:block`,
      ttl,
      limit,
      blockDuration,
    );
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
