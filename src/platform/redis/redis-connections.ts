import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions as QueueConnection } from 'bullmq';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { settledWithin } from './redis-deadline';
import { requestPathRedisOptions } from './redis-options';

/** One Redis or a Redis Cluster: both speak the commands this service sends. */
export type RedisClient = Redis | Cluster;

/** What a caller may choose about a connection; where it goes and how keys are prefixed are the config's. */
export type ConnectionOptions = Pick<
  RedisOptions,
  'commandTimeout' | 'maxRetriesPerRequest' | 'enableOfflineQueue' | 'lazyConnect'
>;

/** How long shutdown lets QUIT finish before it drops a connection: Redis may be the thing that is down. */
const QUIT_DEADLINE_MS = 1000;

/** Ends a connection: QUIT, or a plain disconnect when Redis does not answer in time. */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (!(await settledWithin(client.quit(), QUIT_DEADLINE_MS))) client.disconnect();
}

/**
 * The one place that opens Redis connections: to the single Redis at REDIS_URL, or, when REDIS_CLUSTER_NODES is
 * set, an ioredis `Cluster` seeded with those nodes (REDIS_URL then lends only its credentials and TLS). Every
 * connection for keys and pub/sub carries REDIS_KEY_PREFIX; BullMQ takes the prefix from `queuePrefix` instead
 * (it refuses ioredis' own). Keys used together by one script, MULTI or pipeline carry one hash tag, e.g.
 * `rate-limit:{user:42}:checkout`, so they stay in one cluster slot; `queuePrefix` is hash-tagged on a cluster.
 *
 * A module that needs Redis injects REDIS (the shared request-path connection) or, for a connection of its own
 * (a subscriber, a blocking read), calls `open` here and closes it itself; never `new Redis` or `duplicate()`.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  /** The cluster connections BullMQ shares (it only closes connections it made itself). */
  private readonly queueClients: Cluster[] = [];

  constructor(private readonly config: AppConfig) {}

  get isCluster(): boolean {
    return this.config.redis.clusterNodes.length > 0;
  }

  /**
   * BullMQ's key prefix. On a cluster `{bull}` is a hash tag: every key of every queue lives in one slot, as
   * BullMQ's scripts need the keys of a queue together.
   */
  get queuePrefix(): string {
    return `${this.config.redis.keyPrefix}${this.isCluster ? '{bull}' : 'bull'}`;
  }

  /**
   * A new connection for keys and pub/sub, owned (and closed) by the caller. By default it is bounded like the
   * shared client: REDIS_COMMAND_TIMEOUT_MS per command, one reconnect attempt per queued command.
   */
  open(options: ConnectionOptions = requestPathRedisOptions(this.config)): RedisClient {
    return this.connect(options, this.config.redis.keyPrefix);
  }

  /**
   * A connection for SUBSCRIBE, owned by the caller: bounded like `open()`, but a subscription asked for while
   * Redis is not (yet) reachable waits for it, and ioredis subscribes again after every reconnect.
   */
  openSubscriber(): RedisClient {
    return this.open({ ...requestPathRedisOptions(this.config), enableOfflineQueue: true });
  }

  /**
   * Resolves once a cluster connection is ready, or after REDIS_COMMAND_TIMEOUT_MS at most (Redis may be down;
   * the boot goes on). A bounded cluster connection has no offline queue (see `connect`), so the shared client
   * waits here once, at boot, instead of failing its first commands. One Redis needs no wait.
   */
  async ready(client: RedisClient): Promise<void> {
    if (!this.isCluster || client.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    let onReady: (() => void) | undefined;
    const ready = await new Promise<boolean>((resolve) => {
      onReady = () => resolve(true);
      client.once('ready', onReady);
      timer = setTimeout(() => resolve(false), this.config.redis.commandTimeoutMs);
    });
    clearTimeout(timer);
    client.off('ready', onReady!);
    if (!ready) this.logger.warn('Redis Cluster not ready at boot; its commands fail until it is');
  }

  /**
   * BullMQ's producer connection (`queue.add`, job counts): bounded like the shared client and without an offline
   * queue, so adding a job while Redis is away fails at once instead of waiting for a reconnect. One Redis: the
   * options, and BullMQ opens (and closes) a connection per queue. A cluster: one shared `Cluster`, closed here.
   */
  queueProducerConnection(): QueueConnection {
    const options = { ...requestPathRedisOptions(this.config), enableOfflineQueue: false };
    return this.isCluster ? this.sharedQueueClient(options) : { url: this.config.redis.url, ...options };
  }

  /** The queue workers' connection: BullMQ's own blocking-connection settings (no retry limit per command). */
  queueWorkerConnection(): QueueConnection {
    return this.isCluster
      ? this.sharedQueueClient({ maxRetriesPerRequest: null })
      : { url: this.config.redis.url };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queueClients.splice(0).map(closeRedis));
  }

  private sharedQueueClient(options: ConnectionOptions): Cluster {
    const client = this.connect(options, '') as Cluster;
    client.on('error', (err: Error) => this.logger.warn({ err }, 'Redis Cluster (queues) connection error'));
    this.queueClients.push(client);
    return client;
  }

  private connect(options: ConnectionOptions, keyPrefix: string): RedisClient {
    const { url, clusterNodes } = this.config.redis;
    if (clusterNodes.length === 0) return new Redis(url, { ...options, keyPrefix });
    const { username, password, protocol } = new URL(url);
    const { enableOfflineQueue, lazyConnect, ...perNode } = options;
    return new Cluster(clusterNodes, {
      keyPrefix,
      // A Cluster's offline queue (commands sent while no node is ready) bounds neither retries nor time, unlike
      // one Redis's with maxRetriesPerRequest: a bounded connection fails such commands at once instead, so a
      // request answers (503, or its fallback) rather than waiting for the cluster to come back.
      enableOfflineQueue: enableOfflineQueue ?? (perNode.maxRetriesPerRequest ?? null) === null,
      lazyConnect,
      redisOptions: {
        ...perNode,
        username: decodeURIComponent(username) || undefined,
        password: decodeURIComponent(password) || undefined,
        tls: protocol === 'rediss:' ? {} : undefined,
      },
    });
  }
}
