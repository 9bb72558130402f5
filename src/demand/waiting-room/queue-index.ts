import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from '../../platform/redis/redis.module';

// Hash-tagged per event, so one event's keys share a Redis Cluster slot.
const waitingKey = (eventId: string) => `queue:{${eventId}}:waiting`;
/** Set once the sorted set holds every waiting entry of Postgres; a flush or eviction loses it with the set. */
const indexedKey = (eventId: string) => `queue:{${eventId}}:indexed`;
/** Admissions of the last 60 seconds, as the last tick counted them: the ETA's rate. */
const rateKey = (eventId: string) => `queue:{${eventId}}:rate`;
/** The pub/sub channel of an event's waiting-room changes. */
export const queueChannel = (eventId: string) => `queue:${eventId}`;

const CHUNK = 5000;

/**
 * The Redis index of an event's waiting entries: a sorted set scored by rank (ties by member, the entry id, as
 * Postgres orders them), so a position is one ZRANK. Postgres is the record. The index is trusted only while
 * its marker key exists: the admission tick rebuilds it from Postgres when the marker is missing (after a flush)
 * before it admits anyone, and reads without a marker count in Postgres instead.
 */
@Injectable()
export class QueueIndex {
  private readonly logger = new Logger(QueueIndex.name);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Adds a new waiting entry. Best effort: the entry has committed, and a missing one is re-added by a rebuild. */
  async add(eventId: string, entryId: string, rank: string): Promise<void> {
    try {
      await this.redis.zadd(waitingKey(eventId), rank, entryId);
    } catch (err) {
      this.logger.warn({ err, eventId }, 'could not index a queue entry; the next rebuild will');
      await this.redis.del(indexedKey(eventId)).catch(() => undefined);
    }
  }

  /**
   * Removes entries that stopped waiting. A failure drops the marker (so reads fall back to Postgres and the next
   * tick rebuilds); if even that fails, the tick's error stops admissions until Redis answers again.
   */
  async remove(eventId: string, entryIds: string[]): Promise<void> {
    try {
      for (let i = 0; i < entryIds.length; i += CHUNK) {
        await this.redis.zrem(waitingKey(eventId), ...entryIds.slice(i, i + CHUNK));
      }
    } catch (err) {
      // Stale members would count as waiting ahead of everyone behind them: distrust the index until rebuilt.
      await this.redis.del(indexedKey(eventId)).catch(() => undefined);
      throw err;
    }
  }

  /** Drops the event's index (nobody waits any more). */
  async clear(eventId: string): Promise<void> {
    await this.redis.del(waitingKey(eventId), indexedKey(eventId), rateKey(eventId));
  }

  /** True when the marker is there, i.e. the index can be trusted. */
  async isIndexed(eventId: string): Promise<boolean> {
    return (await this.redis.exists(indexedKey(eventId))) === 1;
  }

  /**
   * Rebuilds the index from the record: every waiting entry is added (ZADD is idempotent, so entries joining
   * meanwhile are kept), every member no longer waiting is removed, then the marker is set. Only the admission
   * tick calls this, under its lock, so no admission runs between the read and the write.
   */
  async rebuild(eventId: string, waiting: Array<{ id: string; rank: string }>): Promise<void> {
    const key = waitingKey(eventId);
    for (let i = 0; i < waiting.length; i += CHUNK) {
      const args = waiting.slice(i, i + CHUNK).flatMap((w) => [w.rank, w.id]);
      await this.redis.zadd(key, ...args);
    }
    const keep = new Set(waiting.map((w) => w.id));
    const members = await this.redis.zrange(key, 0, -1);
    const stale = members.filter((m) => !keep.has(m));
    if (stale.length > 0) await this.remove(eventId, stale);
    await this.redis.set(indexedKey(eventId), '1');
  }

  /** Position (1 = next) of a waiting entry, or null when the index cannot answer (no marker, not a member). */
  async position(
    eventId: string,
    entryId: string,
  ): Promise<{ position: number | null; ratePerMinute: number | null }> {
    const replies = await this.redis
      .multi()
      .exists(indexedKey(eventId))
      .zrank(waitingKey(eventId), entryId)
      .get(rateKey(eventId))
      .exec();
    const [indexed, rank, rate] = (replies ?? []).map(([err, value]) => (err ? null : value));
    const ratePerMinute = rate === null || rate === undefined ? null : Number(rate);
    if (indexed !== 1 || rank === null || rank === undefined) return { position: null, ratePerMinute };
    return { position: Number(rank) + 1, ratePerMinute };
  }

  async setRate(eventId: string, perMinute: number): Promise<void> {
    await this.redis.set(rateKey(eventId), String(perMinute), 'EX', 300);
  }

  /** Tells every instance's streams of this event that positions or statuses changed. */
  async announce(eventId: string): Promise<void> {
    await this.redis.publish(queueChannel(eventId), '1');
  }
}
