import type { RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * Options of every Redis connection a request can wait on (the shared client, BullMQ's producers): no command
 * waits longer than REDIS_COMMAND_TIMEOUT_MS, and while Redis is unreachable a queued command is failed after
 * the first reconnect attempt fails rather than after ioredis' default twenty. The caller then answers 503.
 */
export function requestPathRedisOptions(
  config: AppConfig,
): Pick<RedisOptions, 'commandTimeout' | 'maxRetriesPerRequest'> {
  return { commandTimeout: config.redis.commandTimeoutMs, maxRetriesPerRequest: 1 };
}
