import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
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

/**
 * A TCP proxy in front of Redis that records what clients write: the commands (RESP arrays) and how many
 * writes carried them.
 */
async function wireTap(redisUrl: string) {
  const target = new URL(redisUrl);
  let written = '';
  let writes = 0;
  const sockets: Socket[] = [];
  const server = createServer((inbound) => {
    const outbound = connect(Number(target.port || 6379), target.hostname);
    sockets.push(inbound, outbound);
    inbound.on('data', (chunk: Buffer) => {
      written += chunk.toString('latin1');
      writes += 1;
      outbound.write(chunk);
    });
    outbound.pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const parse = (): string[][] => {
    const out: string[][] = [];
    let i = 0;
    while (i < written.length && written[i] === '*') {
      let eol = written.indexOf('\r\n', i);
      const n = Number(written.slice(i + 1, eol));
      i = eol + 2;
      const args: string[] = [];
      for (let k = 0; k < n; k++) {
        eol = written.indexOf('\r\n', i);
        const len = Number(written.slice(i + 1, eol));
        args.push(written.slice(eol + 2, eol + 2 + len));
        i = eol + 2 + len + 2;
      }
      out.push(args);
    }
    return out;
  };
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clear: () => {
      written = '';
      writes = 0;
    },
    commands: parse,
    writes: () => writes,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
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
        const user = `user:${randomUUID()}`;
        const address = `ip:${randomUUID()}`;
        // A client of its own, through a proxy that records what it writes: other suites' traffic on this
        // Redis stays out of the count.
        const tap = await wireTap(config.redis.url);
        const client = new Redis(tap.url);
        try {
          if (client.status !== 'ready') await new Promise((r) => client.once('ready', r));
          const tapped = new RateLimitStore(client, config, new Metrics());
          await tapped.take([check(user, 'default', 1), check(user, 'checkout', 1)]); // scripts loaded
          tap.clear();
          const sent = jest.spyOn(client, 'pipeline');
          const results = await tapped.take([
            check(user, 'default', 5),
            check(user, 'checkout', 2),
            check(address, 'auth', 3),
          ]);
          expect(results.map((r) => r.hits)).toEqual([2, 2, 1]);
          expect(sent).toHaveBeenCalledTimes(1);
          // Two subjects: two script calls, nothing else, written together.
          const ours = tap.commands().filter((c) => c.some((a) => a.includes(user) || a.includes(address)));
          expect(ours.map((c) => c[0].toLowerCase())).toEqual(['evalsha', 'evalsha']);
          expect(tap.writes()).toBe(1);
        } finally {
          client.disconnect();
          await tap.close();
        }
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
