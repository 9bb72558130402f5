import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE = 60_000;

// Real Redis (the run's own database index, see test/setup-env.ts): the script's atomicity is the point.
describe('RedisThrottlerStorage', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const a = new Redis(url);
  const b = new Redis(url);
  const storageA = new RedisThrottlerStorage(a);
  const storageB = new RedisThrottlerStorage(b);
  afterAll(async () => {
    await a.quit();
    await b.quit();
  });

  it('counts hits in a window and blocks the hit after the limit', async () => {
    const key = randomUUID();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await storageA.increment(key, MINUTE, 3, MINUTE, 'default'));
    expect(results.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(results[0].timeToExpire).toBeGreaterThan(0);
    expect(results[0].timeToExpire).toBeLessThanOrEqual(60);
    expect(results[3].timeToBlockExpire).toBe(60);
  });

  it('keeps refusing while blocked without counting the refused hits', async () => {
    const key = randomUUID();
    for (let i = 0; i < 3; i++) await storageA.increment(key, MINUTE, 2, MINUTE, 'auth');
    const again = await storageA.increment(key, MINUTE, 2, MINUTE, 'auth');
    expect(again).toMatchObject({ totalHits: 3, isBlocked: true });
    expect(again.timeToBlockExpire).toBeGreaterThan(0);
  });

  it('shares one counter between instances on separate connections', async () => {
    const key = randomUUID();
    await storageA.increment(key, MINUTE, 2, MINUTE, 'default');
    await storageB.increment(key, MINUTE, 2, MINUTE, 'default');
    const third = await storageA.increment(key, MINUTE, 2, MINUTE, 'default');
    expect(third).toMatchObject({ totalHits: 3, isBlocked: true });
  });

  it('never lets concurrent hits past the limit', async () => {
    const key = randomUUID();
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? storageA : storageB).increment(key, MINUTE, 10, MINUTE, 'checkout'),
      ),
    );
    expect(hits.filter((h) => !h.isBlocked)).toHaveLength(10);
  });

  it('keeps throttlers apart under one key', async () => {
    const key = randomUUID();
    await storageA.increment(key, MINUTE, 1, MINUTE, 'auth');
    const other = await storageA.increment(key, MINUTE, 1, MINUTE, 'default');
    expect(other).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a fresh window once the old one and its block have expired', async () => {
    const key = randomUUID();
    await storageA.increment(key, MINUTE, 1, MINUTE, 'default');
    await storageA.increment(key, MINUTE, 1, MINUTE, 'default');
    // Expire both keys instead of waiting a minute.
    await a.del(`rate-limit:default:{${key}}:hits`, `rate-limit:default:{${key}}:block`);
    expect(await storageA.increment(key, MINUTE, 1, MINUTE, 'default')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('sets an expiry on every key it writes', async () => {
    const key = randomUUID();
    for (let i = 0; i < 2; i++) await storageA.increment(key, MINUTE, 1, MINUTE, 'default');
    const keys = await a.keys(`rate-limit:default:{${key}}:*`);
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(await a.pttl(k)).toBeGreaterThan(0);
  });
});
