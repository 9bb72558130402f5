import Redis, { Cluster } from 'ioredis';
import { loadConfig } from '../config/app-config';
import { RedisConnections } from './redis-connections';

// Only how connections are built: lazyConnect keeps them from dialling anything.
describe('RedisConnections', () => {
  const lazy = { lazyConnect: true };

  it('opens one Redis at REDIS_URL, with the key prefix, when no cluster is configured', () => {
    const connections = new RedisConnections(
      loadConfig({ REDIS_URL: 'redis://10.1.2.3:6380/4', REDIS_KEY_PREFIX: 'shop:' }),
    );
    const redis = connections.open(lazy);
    expect(redis).toBeInstanceOf(Redis);
    expect((redis as Redis).options).toMatchObject({
      host: '10.1.2.3',
      port: 6380,
      db: 4,
      keyPrefix: 'shop:',
    });
    expect(connections.isCluster).toBe(false);
    expect(connections.queuePrefix).toBe('shop:bull');
    expect(connections.queueWorkerConnection()).toEqual({ url: 'redis://10.1.2.3:6380/4' });
    redis.disconnect();
  });

  it('opens a Cluster on the seed nodes, with REDIS_URL credentials and TLS, and a hash-tagged queue prefix', async () => {
    const connections = new RedisConnections(
      loadConfig({
        REDIS_URL: 'rediss://app:p%40ss@ignored:6379',
        REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7001',
        REDIS_KEY_PREFIX: 'shop:',
        REDIS_COMMAND_TIMEOUT_MS: '1500',
      }),
    );
    const cluster = connections.open({ ...lazy, commandTimeout: 1500 }) as Cluster;
    expect(cluster).toBeInstanceOf(Cluster);
    // ioredis keeps the seed nodes in a private field; nothing public says where a lazy Cluster will dial.
    expect((cluster as unknown as { startupNodes: unknown }).startupNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
    ]);
    expect(cluster.options.keyPrefix).toBe('shop:');
    // Bounded commands get no offline queue on a cluster (it would wait without limit); subscriptions do.
    const shared = connections.open({ ...lazy, maxRetriesPerRequest: 1 }) as Cluster;
    expect(shared.options.enableOfflineQueue).toBe(false);
    const subscriber = connections.openSubscriber() as Cluster;
    expect(subscriber.options.enableOfflineQueue).toBe(true);
    expect(cluster.options.redisOptions).toMatchObject({
      username: 'app',
      password: 'p@ss',
      tls: {},
      commandTimeout: 1500,
    });
    expect(connections.queuePrefix).toBe('shop:{bull}');
    // BullMQ refuses ioredis' key prefix and needs no retry limit on its workers' connections.
    const workers = connections.queueWorkerConnection() as Cluster;
    expect(workers).toBeInstanceOf(Cluster);
    expect(workers.options.keyPrefix).toBeFalsy();
    expect(workers.options.redisOptions?.maxRetriesPerRequest).toBeNull();
    const producers = connections.queueProducerConnection() as Cluster;
    expect(producers.options).toMatchObject({ enableOfflineQueue: false });
    expect(producers.options.keyPrefix).toBeFalsy();
    [cluster, shared, subscriber].forEach((c) => c.disconnect());
    await connections.onApplicationShutdown();
  });
});
