import { Injectable, Logger, MessageEvent, OnModuleDestroy } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AppConfig } from '../../platform/config/app-config';
import { RoomClient, StreamRooms } from '../../platform/http/stream-rooms';
import { ChannelSubscriber } from '../../platform/redis/channel-subscriber';
import { QueueEntryDto } from './dto/queue-entry.dto';
import { queueChannel } from './queue-index';
import { WaitingRoomService } from './waiting-room.service';

/** The SSE event name of a queue state message. */
export const QUEUE_MESSAGE = 'queue';

interface Client extends RoomClient {
  userId: string;
  /** What was sent last, to send changes only. */
  last?: string;
}

const stateKey = (v: QueueEntryDto) =>
  `${v.status}:${v.position}:${v.etaSeconds}:${v.admissionExpiresAt?.getTime()}`;

/**
 * Live waiting-room streams of this API instance, one room per event (StreamRooms). Every admission tick
 * announces on the event's Redis channel; each instance then re-reads its clients' places (a ZRANK each while
 * waiting, Postgres once their status may have changed) and sends those that changed. A heartbeat re-reads too,
 * so a lost message only delays.
 */
@Injectable()
export class QueueStreams implements OnModuleDestroy {
  private readonly logger = new Logger(QueueStreams.name);
  private readonly rooms: StreamRooms<Client, void>;

  constructor(
    channels: ChannelSubscriber,
    private readonly waitingRoom: WaitingRoomService,
    config: AppConfig,
  ) {
    this.rooms = new StreamRooms<Client, void>({
      name: QueueStreams.name,
      channels,
      channelOf: queueChannel,
      heartbeatSeconds: config.availability.heartbeatSeconds,
      initialState: () => undefined,
      refresh: async (room) => {
        for (const client of [...room.clients]) await this.refresh(room.key, client);
      },
    });
  }

  /** The buyer's stream; the caller has checked that the buyer has an entry. */
  open(eventId: string, userId: string): Observable<MessageEvent> {
    return this.rooms.open(eventId, (subscriber) => ({ userId, subscriber }));
  }

  onModuleDestroy(): void {
    this.rooms.closeAll();
  }

  /** One client's place; a failed read is logged and left to the next pass, the others go on. */
  private async refresh(eventId: string, client: Client): Promise<void> {
    try {
      const found = await this.waitingRoom.entryWithTerms(client.userId, eventId);
      if (!found) return;
      const view = await this.waitingRoom.view(found.entry, found.terms);
      const key = stateKey(view);
      if (key === client.last) return;
      client.last = key;
      client.subscriber.next({ type: QUEUE_MESSAGE, data: view });
    } catch (err) {
      this.logger.warn({ err, eventId }, 'could not read a queue place; the next heartbeat retries');
    }
  }
}
