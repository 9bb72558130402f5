import { Injectable, MessageEvent } from '@nestjs/common';
import { finalize, Observable } from 'rxjs';
import { EventAccessService } from '../../catalog/events/event-access.service';
import { AvailabilityStreams } from './availability-streams.service';
import { StreamCaller, StreamLimiter } from '../../platform/http/stream-limiter';

/** Who may watch an event's availability: anyone who may see the event (drafts and strangers' events 404). */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly access: EventAccessService,
    private readonly streams: AvailabilityStreams,
    private readonly limiter: StreamLimiter,
  ) {}

  /** The stream, counted against the caller's caps until the client disconnects or the server stops. */
  async stream(eventId: string, caller: StreamCaller): Promise<Observable<MessageEvent>> {
    await this.access.visible(undefined, eventId);
    const release = this.limiter.acquire(caller);
    return this.streams.open(eventId).pipe(finalize(release));
  }
}
