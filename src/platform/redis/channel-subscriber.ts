import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { closeRedis, RedisClient, RedisConnections } from './redis-connections';

type Listener = (message: string) => void;

/**
 * This process's one Redis connection in subscribe mode (such a connection can run no other command), shared by
 * every live stream: `subscribe` adds a listener to a channel (subscribing on the first), and the function it
 * returns removes it (unsubscribing after the last). Pub/sub only speeds streams up: each one also re-reads
 * Postgres on a heartbeat, so a message lost while Redis is away only delays an update.
 */
@Injectable()
export class ChannelSubscriber implements OnApplicationShutdown {
  private readonly logger = new Logger(ChannelSubscriber.name);
  private readonly listeners = new Map<string, Set<Listener>>();
  private connection?: RedisClient;

  constructor(private readonly connections: RedisConnections) {}

  /** Listens to `channel`; resolves once Redis confirmed the subscription (or failed to: then it logs). */
  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    const unsubscribe = () => this.remove(channel, listener);
    if (first) {
      await this.subscriber()
        .subscribe(channel)
        .catch((err: unknown) =>
          this.logger.warn({ err, channel }, 'could not subscribe; heartbeats still update'),
        );
    }
    return unsubscribe;
  }

  /** QUIT is not awaited past a second: Redis may be what is down. */
  async onApplicationShutdown(): Promise<void> {
    if (this.connection) await closeRedis(this.connection);
  }

  private remove(channel: string, listener: Listener): void {
    const set = this.listeners.get(channel);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(channel);
    this.connection?.unsubscribe(channel).catch(() => undefined);
  }

  private subscriber(): RedisClient {
    if (!this.connection) {
      // Subscriptions wait for Redis to come back (and ioredis then re-subscribes): no per-command timeout and
      // an offline queue, unlike the request-path client.
      const connection = this.connections.open({
        maxRetriesPerRequest: null,
        commandTimeout: undefined,
        enableOfflineQueue: true,
      });
      connection.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel) ?? []) listener(message);
      });
      connection.on('error', (err: unknown) => this.logger.warn({ err }, 'redis subscriber error'));
      this.connection = connection;
    }
    return this.connection;
  }
}
