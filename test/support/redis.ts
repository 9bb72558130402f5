import { Cluster } from 'ioredis';
import type { TestApp } from '../app';

type RedisOf = Pick<TestApp, 'redis' | 'config'>;

/** Every key on every master of a cluster that matches `pattern` (which includes the prefix). */
async function scanMasters(cluster: Cluster, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of cluster.nodes('master')) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  return found;
}

/**
 * Makes Redis forget everything this test app wrote, as a FLUSHDB of its own database index does on one Redis.
 * A Redis Cluster has one database, shared by every jest worker: there it deletes the keys of this worker's
 * prefix on every master.
 */
export async function flushRedis({ redis, config }: RedisOf): Promise<void> {
  if (!(redis instanceof Cluster)) {
    await redis.flushdb();
    return;
  }
  const keys = await scanMasters(redis, `${config.redis.keyPrefix}*`);
  // The keys are in many slots: one DEL each. They hold the prefix already, which the node connections add not.
  await Promise.all(keys.map((key) => redis.del(key.slice(config.redis.keyPrefix.length))));
}

/** The keys of this test app that match `pattern` (without the prefix), as KEYS does on one Redis. */
export async function redisKeys({ redis, config }: RedisOf, pattern: string): Promise<string[]> {
  const prefix = config.redis.keyPrefix;
  const keys =
    redis instanceof Cluster
      ? await scanMasters(redis, prefix + pattern)
      : await redis.keys(prefix + pattern);
  return keys.map((key) => key.slice(prefix.length));
}
