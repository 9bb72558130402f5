import { Injectable, Logger, MessageEvent, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subscriber } from 'rxjs';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { ChannelSubscriber } from '../../platform/redis/channel-subscriber';
import { AppConfig } from '../../platform/config/app-config';
import { STOPPING_MESSAGE } from '../../platform/http/stream-limiter';
import { availabilityChannel } from './availability-publisher';
import { TierAvailabilityChangeDto } from './dto/tier-availability-change.dto';
import { readTierStates } from './tier-states';

/** The SSE event name of a tier state message. */
export const AVAILABILITY_MESSAGE = 'availability';

interface Client {
  subscriber: Subscriber<MessageEvent>;
  /** Has had the full state; from now on it gets changes only. */
  primed: boolean;
}

/** The clients of one event in this process, sharing one channel subscription and one reader. */
interface Room {
  eventId: string;
  clients: Set<Client>;
  /** The last state sent, per tier, to tell changes from repeats. */
  last: Map<string, string>;
  /** A read is wanted; `flushing` runs reads one at a time until none is. */
  dirty: boolean;
  flushing?: Promise<void>;
  heartbeat?: NodeJS.Timeout;
  unsubscribe?: () => void;
}

const stateKey = (s: TierAvailabilityChangeDto) => `${s.available}:${s.status}`;

/**
 * Live availability streams of this API instance. The process's subscriber connection listens on the channel of
 * each event someone is watching here; a message makes the event's room re-read its tiers from Postgres (one
 * query per room, however many clients) and push what changed. Reads of a room never overlap and each starts
 * after the message that asked for it, so the last thing a client sees is the committed state. Every heartbeat
 * also re-reads, which catches sales windows opening or closing and anything a Redis outage swallowed.
 */
@Injectable()
export class AvailabilityStreams implements OnModuleDestroy {
  private readonly logger = new Logger(AvailabilityStreams.name);
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly channels: ChannelSubscriber,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The stream of one event; the caller has checked that the event is visible. */
  open(eventId: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const client: Client = { subscriber, primed: false };
      const room = this.join(eventId, client);
      return () => this.leave(room, client);
    });
  }

  /**
   * Ends every stream (so the HTTP server can close) and the subscriber connection. Each client is first told
   * when to reconnect (`retry:`), spread over a few seconds so the streams of a stopping instance do not all
   * land on the others at once. The first hook of a stop, so HttpDrain's wait for the connections to end is not
   * a wait for these.
   */
  onModuleDestroy(): void {
    for (const room of [...this.rooms.values()]) {
      for (const client of [...room.clients]) {
        client.subscriber.next(STOPPING_MESSAGE());
        client.subscriber.complete();
      }
    }
  }

  private join(eventId: string, client: Client): Room {
    let room = this.rooms.get(eventId);
    if (!room) {
      room = this.createRoom(eventId);
      this.rooms.set(eventId, room);
      const created = room;
      void this.channels
        .subscribe(availabilityChannel(eventId), () => this.requestFlush(created))
        .then((unsubscribe) => {
          if (this.rooms.get(eventId) === created) created.unsubscribe = unsubscribe;
          else unsubscribe();
          // Read again once subscribed: a change between the first read and the subscription is then not missed.
          this.requestFlush(created);
        });
    }
    room.clients.add(client);
    this.requestFlush(room);
    return room;
  }

  private createRoom(eventId: string): Room {
    const room: Room = { eventId, clients: new Set(), last: new Map(), dirty: false };
    room.heartbeat = setInterval(() => {
      for (const client of room.clients) client.subscriber.next({ comment: 'heartbeat' });
      this.requestFlush(room);
    }, this.config.availability.heartbeatSeconds * 1000);
    room.heartbeat.unref();
    return room;
  }

  private leave(room: Room, client: Client): void {
    room.clients.delete(client);
    if (room.clients.size > 0 || this.rooms.get(room.eventId) !== room) return;
    clearInterval(room.heartbeat);
    this.rooms.delete(room.eventId);
    room.unsubscribe?.();
  }

  private requestFlush(room: Room): void {
    room.dirty = true;
    room.flushing ??= this.drain(room);
  }

  private async drain(room: Room): Promise<void> {
    try {
      while (room.dirty && room.clients.size > 0) {
        room.dirty = false;
        await this.flush(room);
      }
    } finally {
      room.flushing = undefined;
    }
  }

  /** Reads the tiers and sends new clients everything, the others what changed. */
  private async flush(room: Room): Promise<void> {
    let states: TierAvailabilityChangeDto[];
    try {
      states = await readTierStates(this.dataSource.manager, room.eventId, this.clock.now());
    } catch (err) {
      this.logger.warn(
        { err, eventId: room.eventId },
        'could not read availability; the next heartbeat retries',
      );
      return;
    }
    const changed = states.filter((s) => room.last.get(s.tierId) !== stateKey(s));
    for (const s of states) room.last.set(s.tierId, stateKey(s));
    for (const client of room.clients) {
      for (const data of client.primed ? changed : states) {
        client.subscriber.next({ type: AVAILABILITY_MESSAGE, data });
      }
      client.primed = true;
    }
  }
}
