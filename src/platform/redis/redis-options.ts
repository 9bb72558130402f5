import type { RedisOptions as QueueRedisOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * Options of every Redis connection a request can wait on (the shared client, BullMQ's producers): no command
 * waits longer than REDIS_COMMAND_TIMEOUT_MS, and while Redis is unreachable a queued command is failed after
 * the first reconnect attempt fails rather than after ioredis' default twenty. The caller then answers 503.
 */
export function requestPathRedisOptions(config: AppConfig): RedisOptions {
  return { commandTimeout: config.redis.commandTimeoutMs, maxRetriesPerRequest: 1 };
}

/**
 * BullMQ's producer connections (`queue.add`, job counts): bounded like the shared client, and without an offline
 * queue, so adding a job while Redis is away fails at once instead of waiting for a reconnect (BullMQ's
 * "failing fast when Redis is down"). Workers keep BullMQ's own blocking-connection settings.
 */
export function queueProducerConnection(config: AppConfig): QueueRedisOptions {
  const { commandTimeout, maxRetriesPerRequest } = requestPathRedisOptions(config);
  return { url: config.redis.url, commandTimeout, maxRetriesPerRequest, enableOfflineQueue: false };
}
