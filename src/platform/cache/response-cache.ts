import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis/redis-connections';
import { RedisConnections } from '../redis/redis-connections';
import { REDIS } from '../redis/redis.module';

/** A response body as JSON bytes, with its ETag: what a cached read answers without serialising anything. */
export interface CachedBody {
  body: Buffer;
  etag: string;
}

/** What Redis keeps of an entry. */
interface SharedEntry {
  body: string;
  etag: string;
}

interface Local {
  value: CachedBody;
  fetchedAt: number;
  expiresAt: number;
  /** A change was announced: reload once the entry is `minAgeMs` old, even before it expires. */
  dirty: boolean;
}

/** The pub/sub channel on which an instance tells the others to drop keys. */
const INVALIDATE_CHANNEL = 'cache:invalidate';
const REDIS_PREFIX = 'cache:';
/** Bounds the in-process layer; the oldest entries go first. */
const MAX_LOCAL = 5_000;

/**
 * A two-level cache of JSON response bodies: in process (each instance), then Redis (shared), then the loader
 * (Postgres). Concurrent misses of one key share one load. An entry lives `ttlMs` at most in either layer (an
 * entry read from Redis keeps only what Redis had left), so nothing is ever older than `ttlMs`.
 * `invalidate` drops keys everywhere at once (this process, Redis, and the other instances through pub/sub);
 * `touch` marks a key changed in this process, so it reloads once its entry is `minAgeMs` old — for changes that
 * come many times a second (stock), where reloading on every one would defeat the cache.
 * Redis is optional: when it fails, reads go to the loader and nothing is refused.
 */
@Injectable()
export class ResponseCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ResponseCache.name);
  private readonly local = new Map<string, Local>();
  private readonly loading = new Map<string, Promise<CachedBody>>();
  private subscriber?: RedisClient;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly connections: RedisConnections,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscriber = this.connections.openSubscriber();
    this.subscriber.on('error', (err: unknown) => this.warn(err, 'subscriber'));
    this.subscriber.on('message', (_channel: string, message: string) => {
      for (const key of message.split('\n')) this.local.delete(key);
    });
    // After a reconnect, invalidations sent meanwhile are lost: start over.
    this.subscriber.on('ready', () => this.local.clear());
    await this.subscriber.subscribe(INVALIDATE_CHANNEL).catch((err: unknown) => this.warn(err, 'subscribe'));
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  async get(
    key: string,
    options: { ttlMs: number; minAgeMs: number },
    load: () => Promise<unknown>,
  ): Promise<CachedBody> {
    const now = Date.now();
    const hit = this.local.get(key);
    if (hit && now < hit.expiresAt && !(hit.dirty && now - hit.fetchedAt >= options.minAgeMs))
      return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded = this.fill(key, options.ttlMs, load, hit?.dirty ?? false).finally(() =>
      this.loading.delete(key),
    );
    this.loading.set(key, loaded);
    return loaded;
  }

  /** Drops the keys in this process, in Redis and in every other instance. */
  async invalidate(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    for (const key of keys) this.local.delete(key);
    try {
      // One DEL per key, sent together: on a Redis Cluster the keys live in different slots, which neither a
      // multi-key DEL nor a pipeline may span.
      await Promise.all([
        ...keys.map((k) => this.redis.del(REDIS_PREFIX + k)),
        this.redis.publish(INVALIDATE_CHANNEL, keys.join('\n')),
      ]);
    } catch (err) {
      // The other instances' entries expire within their TTL.
      this.warn(err, 'invalidate');
    }
  }

  /** A frequent change: the key reloads in this process once its entry is old enough (see `get`). */
  touch(key: string): void {
    const hit = this.local.get(key);
    if (hit) hit.dirty = true;
  }

  private async fill(
    key: string,
    ttlMs: number,
    load: () => Promise<unknown>,
    skipShared: boolean,
  ): Promise<CachedBody> {
    const shared = skipShared ? null : await this.readShared(key);
    if (shared) {
      this.keep(key, shared.value, shared.ttlMs);
      return shared.value;
    }
    const body = JSON.stringify(await load());
    const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
    const value = { body: Buffer.from(body), etag };
    this.keep(key, value, ttlMs);
    const entry: SharedEntry = { body, etag };
    this.redis
      .set(REDIS_PREFIX + key, JSON.stringify(entry), 'PX', ttlMs)
      .catch((err: unknown) => this.warn(err, 'write'));
    return value;
  }

  private keep(key: string, value: CachedBody, ttlMs: number): void {
    if (this.local.size >= MAX_LOCAL) this.local.delete(this.local.keys().next().value as string);
    const now = Date.now();
    this.local.set(key, { value, fetchedAt: now, expiresAt: now + ttlMs, dirty: false });
  }

  /** The entry in Redis with the time it has left, in one round trip; null when absent or Redis fails. */
  private async readShared(key: string): Promise<{ value: CachedBody; ttlMs: number } | null> {
    try {
      const replies = await this.redis
        .pipeline()
        .get(REDIS_PREFIX + key)
        .pttl(REDIS_PREFIX + key)
        .exec();
      const [[, raw], [, ttl]] = (replies ?? []) as Array<[Error | null, unknown]>;
      if (typeof raw !== 'string' || typeof ttl !== 'number' || ttl <= 0) return null;
      const entry = JSON.parse(raw) as SharedEntry;
      return { value: { body: Buffer.from(entry.body), etag: entry.etag }, ttlMs: ttl };
    } catch (err) {
      this.warn(err, 'read');
      return null;
    }
  }

  private warn(err: unknown, what: string): void {
    this.logger.warn({ err: (err as Error)?.message }, `cache: ${what} failed; reading through to Postgres`);
  }
}
