import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { loadConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import { closeRedis, RedisClient, RedisConnections } from '../redis/redis-connections';
import { BucketCheck, RateLimitStore } from './rate-limit.store';

const check = (subject: string, name: string, limit: number): BucketCheck => ({
  name,
  subject,
  limit,
  windowMs: 60_000,
});

async function fallbackCount(metrics: Metrics): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('rate_limit_fallback_total')?.get();
  return metric?.values[0]?.value ?? 0;
}

// Real Redis (this jest worker's database index, or a Redis Cluster when REDIS_CLUSTER_NODES is set), and real
// sockets for the outages.
describe('RateLimitStore', () => {
  const config = loadConfig({ RATE_LIMIT_REDIS_TIMEOUT_MS: '200' });

  describe('with Redis', () => {
    let redis: RedisClient;
    let metrics: Metrics;
    let store: RateLimitStore;

    beforeAll(async () => {
      const connections = new RedisConnections(config);
      redis = connections.open();
      // As the app's shared client does at boot: a cluster connection has no offline queue before it is ready.
      await connections.ready(redis);
      metrics = new Metrics();
      store = new RateLimitStore(redis, config, metrics);
    });
    afterAll(() => closeRedis(redis));

    const onOneRedis = config.redis.clusterNodes.length === 0 ? it : it.skip;
    onOneRedis(
      'counts every bucket of a request in one round trip, one script call per subject',
      async () => {
        const monitor = new Redis(config.redis.url);
        const user = `user:${randomUUID()}`;
        const address = `ip:${randomUUID()}`;
        const seen: string[] = [];
        const watcher = await monitor.monitor();
        // Commands a script runs show up too (source "lua"): only what the client sent counts as a round trip.
        watcher.on('monitor', (_time: string, args: string[], source: string) => {
          if (source === 'lua') return;
          if (args.some((a) => a.includes(user) || a.includes(address))) seen.push(args[0].toLowerCase());
        });
        const sent = jest.spyOn(redis, 'pipeline');
        await store.take([check(user, 'default', 5), check(user, 'checkout', 2), check(address, 'auth', 3)]);
        await new Promise((r) => setTimeout(r, 100));
        watcher.disconnect();
        await monitor.quit();
        expect(sent).toHaveBeenCalledTimes(1);
        // Two subjects: two script calls (EVALSHA, or EVAL the first time Redis sees the script), nothing else.
        expect(seen.filter((c) => c === 'evalsha' || c === 'eval')).toHaveLength(2);
        expect(seen.filter((c) => c !== 'evalsha' && c !== 'eval')).toEqual([]);
      },
    );

    it('counts many subjects at once in Redis (each in its own cluster slot), never in process', async () => {
      const subjects = Array.from({ length: 6 }, () => `user:${randomUUID()}`);
      for (let i = 1; i <= 2; i++) {
        const results = await store.take(subjects.map((s) => check(s, 'default', 5)));
        expect(results.map((r) => r.hits)).toEqual(subjects.map(() => i));
      }
      expect(await fallbackCount(metrics)).toBe(0);
    });

    it('refuses past the limit, blocks until the window ends, and keeps subjects apart', async () => {
      const subject = `user:${randomUUID()}`;
      for (let i = 1; i <= 2; i++) {
        const [r] = await store.take([check(subject, 'checkout', 2)]);
        expect(r).toMatchObject({ hits: i, blocked: false, blockMs: 0 });
      }
      const [refused] = await store.take([check(subject, 'checkout', 2)]);
      expect(refused.blocked).toBe(true);
      expect(refused.blockMs).toBeGreaterThan(0);
      expect(refused.blockMs).toBeLessThanOrEqual(60_000);
      const [other] = await store.take([check(`user:${randomUUID()}`, 'checkout', 2)]);
      expect(other.blocked).toBe(false);
    });
  });

  describe('without Redis', () => {
    let silent: Server | undefined;
    const sockets: Socket[] = [];
    const clients: Redis[] = [];
    afterAll(async () => {
      clients.forEach((c) => c.disconnect());
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => (silent ? silent.close(r) : r(undefined)));
    });

    it('counts in process when Redis refuses connections, and says so in a metric', async () => {
      const metrics = new Metrics();
      const down = new Redis('redis://127.0.0.1:1', {
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        lazyConnect: true,
      });
      down.on('error', () => undefined);
      clients.push(down);
      const store = new RateLimitStore(down, config, metrics);
      const subject = `ip:${randomUUID()}`;
      const results = [];
      for (let i = 0; i < 3; i++) results.push((await store.take([check(subject, 'default', 2)]))[0]);
      expect(results.map((r) => r.blocked)).toEqual([false, false, true]);
      expect(await fallbackCount(metrics)).toBe(3);
    });

    it('counts in process when Redis does not answer in time', async () => {
      // A server that accepts connections and never replies, as a hung Redis would.
      const server = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
      silent = server;
      await new Promise((r) => server.once('listening', r));
      const port = (server.address() as AddressInfo).port;
      const hung = new Redis(`redis://127.0.0.1:${port}`, {
        enableReadyCheck: false,
        maxRetriesPerRequest: 0,
      });
      hung.on('error', () => undefined);
      clients.push(hung);
      const metrics = new Metrics();
      const store = new RateLimitStore(hung, config, metrics);
      const started = Date.now();
      const [result] = await store.take([check(`ip:${randomUUID()}`, 'default', 2)]);
      expect(result.blocked).toBe(false);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await fallbackCount(metrics)).toBe(1);
    });
  });
});
