import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/app-config';
import { closeRedis, RedisClient, RedisConnections } from '../redis/redis-connections';
import { ResponseCache } from './response-cache';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

// Two instances' caches on real Redis (this jest worker's database index, or a Redis Cluster when
// REDIS_CLUSTER_NODES is set, where the keys of one invalidation live in different slots).
describe('ResponseCache', () => {
  const config = loadConfig();
  const instances: Array<{ redis: RedisClient; cache: ResponseCache }> = [];
  const long = { ttlMs: 60_000, minAgeMs: 60_000 };

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const connections = new RedisConnections(config);
      const redis = connections.open();
      await connections.ready(redis);
      const cache = new ResponseCache(redis, connections);
      await cache.onApplicationBootstrap();
      instances.push({ redis, cache });
    }
  });
  afterAll(async () => {
    for (const { redis, cache } of instances) {
      cache.onModuleDestroy();
      await closeRedis(redis);
    }
  });

  it('drops invalidated keys in Redis and in every instance, whatever slots they live in', async () => {
    const [a, b] = instances;
    const keys = Array.from({ length: 6 }, () => `spec:${randomUUID()}`);
    let loads = 0;
    const load = () => Promise.resolve({ load: ++loads });
    const stored = async () =>
      (await Promise.all(keys.map((k) => a.redis.exists(`cache:${k}`)))).filter(Boolean).length;

    for (const key of keys) await a.cache.get(key, long, load);
    await until(async () => (await stored()) === keys.length, 'the entries to reach Redis');
    // The other instance reads them from Redis, loading nothing.
    for (const key of keys) await b.cache.get(key, long, load);
    expect(loads).toBe(keys.length);

    await a.cache.invalidate(keys);
    expect(await stored()).toBe(0);
    // Only the pub/sub message can make the other instance drop its entries before their minute is up.
    await until(async () => {
      await b.cache.get(keys[0], long, load);
      return loads > keys.length;
    }, 'the other instance to drop its entries');
    for (const key of keys.slice(1)) await b.cache.get(key, long, load);
    expect(loads).toBe(keys.length * 2);
  });
});
