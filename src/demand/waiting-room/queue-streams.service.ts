import { Injectable, Logger, MessageEvent, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subscriber } from 'rxjs';
import { AppConfig } from '../../platform/config/app-config';
import { STOPPING_MESSAGE } from '../../platform/http/stream-limiter';
import { ChannelSubscriber } from '../../platform/redis/channel-subscriber';
import { QueueEntryDto } from './dto/queue-entry.dto';
import { queueChannel } from './queue-index';
import { WaitingRoomService } from './waiting-room.service';

/** The SSE event name of a queue state message. */
export const QUEUE_MESSAGE = 'queue';

interface Client {
  userId: string;
  subscriber: Subscriber<MessageEvent>;
  /** What was sent last, to send changes only. */
  last?: string;
}

/** The streams of one event on this instance: one channel subscription, refreshed one pass at a time. */
interface Room {
  eventId: string;
  clients: Set<Client>;
  dirty: boolean;
  refreshing?: Promise<void>;
  heartbeat?: NodeJS.Timeout;
  unsubscribe?: () => void;
}

const stateKey = (v: QueueEntryDto) =>
  `${v.status}:${v.position}:${v.etaSeconds}:${v.admissionExpiresAt?.getTime()}`;

/**
 * Live waiting-room streams of this API instance. Every admission tick announces on the event's Redis channel;
 * each instance then re-reads its clients' places (a ZRANK each while waiting, Postgres once their status may
 * have changed) and sends those that changed. A heartbeat re-reads too, so a lost message only delays.
 */
@Injectable()
export class QueueStreams implements OnModuleDestroy {
  private readonly logger = new Logger(QueueStreams.name);
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly channels: ChannelSubscriber,
    private readonly waitingRoom: WaitingRoomService,
    private readonly config: AppConfig,
  ) {}

  /** The buyer's stream; the caller has checked that the buyer has an entry. */
  open(eventId: string, userId: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const client: Client = { userId, subscriber };
      const room = this.join(eventId, client);
      return () => this.leave(room, client);
    });
  }

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
      const created: Room = { eventId, clients: new Set(), dirty: false };
      created.heartbeat = setInterval(() => {
        for (const c of created.clients) c.subscriber.next({ comment: 'heartbeat' } as MessageEvent);
        this.requestRefresh(created);
      }, this.config.availability.heartbeatSeconds * 1000);
      created.heartbeat.unref();
      this.rooms.set(eventId, created);
      void this.channels
        .subscribe(queueChannel(eventId), () => this.requestRefresh(created))
        .then((unsubscribe) => {
          if (this.rooms.get(eventId) === created) created.unsubscribe = unsubscribe;
          else unsubscribe();
          this.requestRefresh(created);
        });
      room = created;
    }
    room.clients.add(client);
    this.requestRefresh(room);
    return room;
  }

  private leave(room: Room, client: Client): void {
    room.clients.delete(client);
    if (room.clients.size > 0 || this.rooms.get(room.eventId) !== room) return;
    clearInterval(room.heartbeat);
    this.rooms.delete(room.eventId);
    room.unsubscribe?.();
  }

  private requestRefresh(room: Room): void {
    room.dirty = true;
    room.refreshing ??= this.drain(room);
  }

  private async drain(room: Room): Promise<void> {
    try {
      while (room.dirty && room.clients.size > 0) {
        room.dirty = false;
        for (const client of [...room.clients]) await this.refresh(room, client);
      }
    } finally {
      room.refreshing = undefined;
    }
  }

  private async refresh(room: Room, client: Client): Promise<void> {
    try {
      const found = await this.waitingRoom.entryWithTerms(client.userId, room.eventId);
      if (!found) return;
      const view = await this.waitingRoom.view(found.entry, found.terms);
      const key = stateKey(view);
      if (key === client.last) return;
      client.last = key;
      client.subscriber.next({ type: QUEUE_MESSAGE, data: view });
    } catch (err) {
      this.logger.warn(
        { err, eventId: room.eventId },
        'could not read a queue place; the next heartbeat retries',
      );
    }
  }
}
