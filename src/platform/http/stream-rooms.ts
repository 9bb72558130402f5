import { Logger, MessageEvent } from '@nestjs/common';
import { Observable, Subscriber } from 'rxjs';
import { ChannelSubscriber } from '../redis/channel-subscriber';
import { STOPPING_MESSAGE } from './stream-limiter';

/** One SSE client of a room. */
export interface RoomClient {
  subscriber: Subscriber<MessageEvent>;
}

/** The clients of one key (an event) on this instance, sharing one channel subscription and one reader. */
export interface StreamRoom<C extends RoomClient, S> {
  key: string;
  clients: Set<C>;
  /** What the room's refresh keeps between passes (the last state sent, to send changes only). */
  state: S;
  /** A refresh is wanted; `refreshing` runs passes one at a time until none is. */
  dirty: boolean;
  refreshing?: Promise<void>;
  heartbeat?: NodeJS.Timeout;
  unsubscribe?: () => void;
}

export interface StreamRoomsOptions<C extends RoomClient, S> {
  /** For the log line when a pass fails. */
  name: string;
  channels: ChannelSubscriber;
  /** The Redis channel whose messages make the room refresh. */
  channelOf: (key: string) => string;
  heartbeatSeconds: number;
  initialState: () => S;
  /** One pass: read and send what changed. A throw is logged; the next message or heartbeat retries. */
  refresh: (room: StreamRoom<C, S>) => Promise<void>;
}

/**
 * Live SSE streams grouped by key on this API instance. The process's subscriber connection listens on the
 * channel of each key someone is watching here; a message makes the room refresh (one pass per room, however many
 * clients). Passes of a room never overlap and each starts after the message that asked for it, so the last thing
 * a client sees is the committed state. Every heartbeat also refreshes, which catches time-driven changes and
 * anything a Redis outage swallowed.
 */
export class StreamRooms<C extends RoomClient, S> {
  private readonly logger: Logger;
  private readonly rooms = new Map<string, StreamRoom<C, S>>();

  constructor(private readonly options: StreamRoomsOptions<C, S>) {
    this.logger = new Logger(options.name);
  }

  /** The client's stream in the room of `key`; `makeClient` wraps the subscriber. */
  open(key: string, makeClient: (subscriber: Subscriber<MessageEvent>) => C): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const client = makeClient(subscriber);
      const room = this.join(key, client);
      return () => this.leave(room, client);
    });
  }

  /**
   * Ends every stream (so the HTTP server can close), each client first told when to reconnect (`retry:`),
   * spread over a few seconds so the streams of a stopping instance do not all land on the others at once.
   */
  closeAll(): void {
    for (const room of [...this.rooms.values()]) {
      for (const client of [...room.clients]) {
        client.subscriber.next(STOPPING_MESSAGE());
        client.subscriber.complete();
      }
    }
  }

  private join(key: string, client: C): StreamRoom<C, S> {
    let room = this.rooms.get(key);
    if (!room) {
      const created: StreamRoom<C, S> = {
        key,
        clients: new Set(),
        state: this.options.initialState(),
        dirty: false,
      };
      created.heartbeat = setInterval(() => {
        for (const c of created.clients) c.subscriber.next({ comment: 'heartbeat' } as MessageEvent);
        this.requestRefresh(created);
      }, this.options.heartbeatSeconds * 1000);
      created.heartbeat.unref();
      this.rooms.set(key, created);
      void this.options.channels
        .subscribe(this.options.channelOf(key), () => this.requestRefresh(created))
        .then((unsubscribe) => {
          if (this.rooms.get(key) === created) created.unsubscribe = unsubscribe;
          else unsubscribe();
          // Refresh again once subscribed: a change between the first pass and the subscription is then not missed.
          this.requestRefresh(created);
        });
      room = created;
    }
    room.clients.add(client);
    this.requestRefresh(room);
    return room;
  }

  private leave(room: StreamRoom<C, S>, client: C): void {
    room.clients.delete(client);
    if (room.clients.size > 0 || this.rooms.get(room.key) !== room) return;
    clearInterval(room.heartbeat);
    this.rooms.delete(room.key);
    room.unsubscribe?.();
  }

  private requestRefresh(room: StreamRoom<C, S>): void {
    room.dirty = true;
    room.refreshing ??= this.drain(room);
  }

  private async drain(room: StreamRoom<C, S>): Promise<void> {
    try {
      while (room.dirty && room.clients.size > 0) {
        room.dirty = false;
        try {
          await this.options.refresh(room);
        } catch (err) {
          this.logger.warn(
            { err, key: room.key },
            'could not refresh live streams; the next heartbeat retries',
          );
        }
      }
    } finally {
      room.refreshing = undefined;
    }
  }
}
