import { Injectable, MessageEvent, OnModuleDestroy } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { ChannelSubscriber } from '../../platform/redis/channel-subscriber';
import { AppConfig } from '../../platform/config/app-config';
import { RoomClient, StreamRoom, StreamRooms } from '../../platform/http/stream-rooms';
import { availabilityChannel } from './availability-publisher';
import { TierAvailabilityChangeDto } from './dto/tier-availability-change.dto';
import { readTierStates } from './tier-states';

/** The SSE event name of a tier state message. */
export const AVAILABILITY_MESSAGE = 'availability';

interface Client extends RoomClient {
  /** Has had the full state; from now on it gets changes only. */
  primed: boolean;
}

/** The last state sent, per tier, to tell changes from repeats. */
type LastSent = Map<string, string>;

const stateKey = (s: TierAvailabilityChangeDto) => `${s.available}:${s.status}`;

/**
 * Live availability streams of this API instance, one room per watched event (StreamRooms): a message on the
 * event's channel, or a heartbeat, makes the room re-read its tiers from Postgres (one query per room, however
 * many clients) and push what changed. The heartbeat's re-read catches sales windows opening or closing.
 */
@Injectable()
export class AvailabilityStreams implements OnModuleDestroy {
  private readonly rooms: StreamRooms<Client, LastSent>;

  constructor(
    channels: ChannelSubscriber,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.rooms = new StreamRooms<Client, LastSent>({
      name: AvailabilityStreams.name,
      channels,
      channelOf: availabilityChannel,
      heartbeatSeconds: config.availability.heartbeatSeconds,
      initialState: () => new Map(),
      refresh: (room) => this.flush(room),
    });
  }

  /** The stream of one event; the caller has checked that the event is visible. */
  open(eventId: string): Observable<MessageEvent> {
    return this.rooms.open(eventId, (subscriber) => ({ subscriber, primed: false }));
  }

  /**
   * Ends every stream (so the HTTP server can close). The first hook of a stop, so HttpDrain's wait for the
   * connections to end is not a wait for these.
   */
  onModuleDestroy(): void {
    this.rooms.closeAll();
  }

  /** Reads the tiers and sends new clients everything, the others what changed. */
  private async flush(room: StreamRoom<Client, LastSent>): Promise<void> {
    const states = await readTierStates(this.dataSource.manager, room.key, this.clock.now());
    const changed = states.filter((s) => room.state.get(s.tierId) !== stateKey(s));
    for (const s of states) room.state.set(s.tierId, stateKey(s));
    for (const client of room.clients) {
      for (const data of client.primed ? changed : states) {
        client.subscriber.next({ type: AVAILABILITY_MESSAGE, data });
      }
      client.primed = true;
    }
  }
}
