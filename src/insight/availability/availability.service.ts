import { Injectable, MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { EventAccessService } from '../../catalog/events/event-access.service';
import { AvailabilityStreams } from './availability-streams.service';

/** Who may watch an event's availability: anyone who may see the event (drafts and strangers' events 404). */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly access: EventAccessService,
    private readonly streams: AvailabilityStreams,
  ) {}

  async stream(eventId: string): Promise<Observable<MessageEvent>> {
    await this.access.visible(undefined, eventId);
    return this.streams.open(eventId);
  }
}
