import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ChainableCommander } from 'ioredis';
import { Counter } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import type { RedisClient } from '../redis/redis-connections';
import { REDIS } from '../redis/redis.module';

/** One limit a request counts against: `limit` hits per `windowMs` for one subject (a user or an address). */
export interface BucketCheck {
  /** The policy name, e.g. `default`, `auth`, `checkout`. */
  name: string;
  /** Who is counted: `user:<id>` or `ip:<address>`. Keys of one subject share a Redis Cluster slot. */
  subject: string;
  /** Distinguishes budgets of one policy and subject (each auth route has its own). */
  scope?: string;
  limit: number;
  windowMs: number;
}

export interface BucketResult {
  check: BucketCheck;
  hits: number;
  /** Milliseconds until the window starts over. */
  resetMs: number;
  blocked: boolean;
  /** Milliseconds until a refused subject may call again (the rest of its window). */
  blockMs: number;
}

/**
 * Fixed windows, for every bucket of one subject in one script call: KEYS are the buckets' hit counters, ARGV the
 * window in ms, then each bucket's limit. A subject over a limit is refused until its window ends.
 * Returns { hits, ms to reset } per bucket.
 */
const TAKE_SCRIPT = `
local window = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  local hits = redis.call('INCR', KEYS[i])
  local windowMs = redis.call('PTTL', KEYS[i])
  if windowMs < 0 then
    redis.call('PEXPIRE', KEYS[i], window)
    windowMs = window
  end
  table.insert(out, hits)
  table.insert(out, windowMs)
end
return out
`;

/** The script as ioredis' `defineCommand` adds it to pipelines: queues the call and returns the pipeline. */
interface PipelineWithTake extends ChainableCommander {
  rateLimitTake(...args: Array<string | number>): PipelineWithTake;
}

/** How many subjects the in-process fallback remembers before it starts over (bounds its memory). */
const FALLBACK_MAX_KEYS = 100_000;

/**
 * Rate-limit counters. Every bucket a request counts against is taken in one Redis round trip (one script per
 * subject, pipelined; on a Redis Cluster one pipeline per subject, sent together), so every API instance shares
 * one budget per user or address. When Redis fails or is slower than `RATE_LIMIT_REDIS_TIMEOUT_MS`, the request
 * is counted in this process instead (the same limits, per instance) and `rate_limit_fallback_total` counts it:
 * an outage of Redis never refuses or fails requests.
 */
@Injectable()
export class RateLimitStore {
  private readonly logger = new Logger(RateLimitStore.name);
  private readonly redis: RedisClient;
  private readonly fallbacks: Counter;
  private readonly local = new Map<string, { hits: number; resetAt: number }>();

  constructor(
    @Inject(REDIS) redis: RedisClient,
    private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    // defineCommand sends EVALSHA and falls back to EVAL once when Redis does not know the script yet.
    redis.defineCommand('rateLimitTake', { lua: TAKE_SCRIPT });
    this.redis = redis;
    this.fallbacks = new Counter({
      name: 'rate_limit_fallback_total',
      help: 'Requests whose rate limits were counted in process because Redis failed or was too slow',
      registers: [metrics.registry],
    });
  }

  async take(checks: BucketCheck[]): Promise<BucketResult[]> {
    if (checks.length === 0) return [];
    try {
      return await this.withTimeout(this.takeInRedis(checks));
    } catch (err) {
      this.fallbacks.inc();
      this.logger.warn(
        { err: (err as Error).message },
        'rate limits counted in process: Redis is unavailable',
      );
      return checks.map((c) => this.takeLocally(c, Date.now()));
    }
  }

  private async takeInRedis(checks: BucketCheck[]): Promise<BucketResult[]> {
    const bySubject = new Map<string, BucketCheck[]>();
    for (const c of checks) bySubject.set(c.subject, [...(bySubject.get(c.subject) ?? []), c]);
    const groups = [...bySubject.values()];
    // A cluster pipeline must stay in one slot, and each subject has its own.
    const batches = this.redis.isCluster ? groups.map((g) => [g]) : [groups];
    const replies = (await Promise.all(batches.map((batch) => this.pipeline(batch).exec()))).flatMap(
      (r) => r ?? [],
    );
    const results = new Map<BucketCheck, BucketResult>();
    groups.forEach((group, g) => {
      const [err, values] = replies[g] ?? [new Error('no reply'), null];
      if (err) throw err;
      const flat = values as number[];
      group.forEach((check, i) => {
        const [hits, resetMs] = flat.slice(i * 2, i * 2 + 2);
        const blocked = hits > check.limit;
        results.set(check, { check, hits, resetMs, blocked, blockMs: blocked ? resetMs : 0 });
      });
    });
    return checks.map((c) => results.get(c)!);
  }

  /** One script call per subject. The hash tag keeps a subject's keys in one slot, as a cluster needs. */
  private pipeline(groups: BucketCheck[][]): PipelineWithTake {
    const pipeline = this.redis.pipeline() as PipelineWithTake;
    for (const group of groups) {
      const keys = group.map((c) => `rate-limit:{${c.subject}}:${c.name}${c.scope ? `:${c.scope}` : ''}`);
      pipeline.rateLimitTake(keys.length, ...keys, group[0].windowMs, ...group.map((c) => c.limit));
    }
    return pipeline;
  }

  /** The same fixed window, in this process. */
  private takeLocally(check: BucketCheck, now: number): BucketResult {
    const key = `${check.subject}:${check.name}:${check.scope ?? ''}`;
    if (this.local.size >= FALLBACK_MAX_KEYS) this.local.clear();
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { hits: 0, resetAt: now + check.windowMs };
      this.local.set(key, entry);
    }
    entry.hits += 1;
    const resetMs = entry.resetAt - now;
    const blocked = entry.hits > check.limit;
    return { check, hits: entry.hits, resetMs, blocked, blockMs: blocked ? resetMs : 0 };
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    const ms = this.config.rateLimit.redisTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}
