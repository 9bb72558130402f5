import { Injectable, Logger, MessageEvent, OnModuleDestroy } from '@nestjs/common';
import { finalize, Observable, Subscriber } from 'rxjs';
import { AppConfig } from '../../platform/config/app-config';
import { StreamCaller, StreamLimiter, STOPPING_MESSAGE } from '../../platform/http/stream-limiter';
import { ChannelSubscriber } from '../../platform/redis/channel-subscriber';
import { UserNotificationDto } from './dto/user-notification.dto';
import {
  NOTIFICATION_READ_BATCH,
  userNotificationsChannel,
  UserNotificationsService,
} from './user-notifications.service';

/** The SSE event name of a notification message. */
export const NOTIFICATION_MESSAGE = 'notification';

interface Stream {
  userId: string;
  subscriber: Subscriber<MessageEvent>;
  /** The last notification sent (its `seq`, the SSE id). */
  lastSeq: number;
  /** A read is wanted; `reading` runs reads one at a time until none is. */
  dirty: boolean;
  reading?: Promise<void>;
  heartbeat?: NodeJS.Timeout;
  unsubscribe?: () => void;
}

/**
 * The notification streams of this API instance. Each stream listens on its user's Redis channel; a message
 * (any instance or worker wrote something for the user) or a heartbeat makes it read the user's notifications
 * after the last one it sent, from Postgres, and send them in order with their number as the SSE id. Reads of a
 * stream never overlap, so nothing is sent twice or out of order.
 */
@Injectable()
export class UserNotificationStreams implements OnModuleDestroy {
  private readonly logger = new Logger(UserNotificationStreams.name);
  private readonly streams = new Set<Stream>();

  constructor(
    private readonly notifications: UserNotificationsService,
    private readonly channels: ChannelSubscriber,
    private readonly config: AppConfig,
    private readonly limiter: StreamLimiter,
  ) {}

  /**
   * The user's stream from after `afterSeq` (a reconnect's `Last-Event-ID`), or from now when absent; counted
   * against the caller's stream caps until the client disconnects or the server stops.
   */
  async open(
    caller: StreamCaller & { userId: string },
    afterSeq: number | null,
  ): Promise<Observable<MessageEvent>> {
    const { userId } = caller;
    const lastSeq = afterSeq ?? (await this.notifications.latestSeq(userId));
    const release = this.limiter.acquire(caller);
    return new Observable<MessageEvent>((subscriber) => {
      const stream: Stream = { userId, subscriber, lastSeq, dirty: false };
      this.streams.add(stream);
      stream.heartbeat = setInterval(() => {
        subscriber.next({ comment: 'heartbeat' } as MessageEvent);
        this.requestRead(stream);
      }, this.config.availability.heartbeatSeconds * 1000);
      stream.heartbeat.unref();
      void this.channels
        .subscribe(userNotificationsChannel(userId), () => this.requestRead(stream))
        .then((unsubscribe) => {
          if (this.streams.has(stream)) stream.unsubscribe = unsubscribe;
          else unsubscribe();
          // Read once subscribed: whatever committed before the subscription is caught up here.
          this.requestRead(stream);
        });
      return () => this.close(stream);
    }).pipe(finalize(release));
  }

  /** Ends every stream with a `retry:` hint, so the HTTP server can close (the first hook of a stop). */
  onModuleDestroy(): void {
    for (const stream of [...this.streams]) {
      stream.subscriber.next(STOPPING_MESSAGE());
      stream.subscriber.complete();
    }
  }

  private close(stream: Stream): void {
    this.streams.delete(stream);
    clearInterval(stream.heartbeat);
    stream.unsubscribe?.();
  }

  private requestRead(stream: Stream): void {
    stream.dirty = true;
    stream.reading ??= this.drain(stream);
  }

  private async drain(stream: Stream): Promise<void> {
    try {
      while (stream.dirty && this.streams.has(stream)) {
        stream.dirty = false;
        await this.read(stream);
      }
    } finally {
      stream.reading = undefined;
    }
  }

  private async read(stream: Stream): Promise<void> {
    try {
      const rows = await this.notifications.since(stream.userId, stream.lastSeq);
      for (const row of rows) {
        stream.subscriber.next({
          id: String(row.seq),
          type: NOTIFICATION_MESSAGE,
          data: UserNotificationDto.from(row),
        });
        stream.lastSeq = row.seq;
      }
      // A full batch may have more behind it.
      if (rows.length === NOTIFICATION_READ_BATCH) stream.dirty = true;
    } catch (err) {
      this.logger.warn(
        { err, userId: stream.userId },
        'could not read notifications; the next heartbeat retries',
      );
    }
  }
}
