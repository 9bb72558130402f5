import { ApiProperty } from '@nestjs/swagger';
import { ApiUuid } from '../../../platform/http/api-types';
import { EventStatus } from '../event-status';
import { Event } from '../event.entity';

/** A small view of an event, embedded in orders and tickets with `expand=event`. */
export class EventSummaryDto {
  @ApiUuid()
  id: string;
  @ApiProperty({ example: 'Moonlight Jazz Night' })
  title: string;
  @ApiProperty({ example: 'moonlight-jazz-night-4f9a1c' })
  slug: string;
  startsAt: Date;
  endsAt: Date;
  @ApiProperty({ example: 'Europe/Berlin' })
  timezone: string;
  @ApiProperty({ example: 'Tempodrom' })
  venueName: string;
  @ApiProperty({ example: 'Berlin' })
  venueCity: string;
  @ApiProperty({ enum: EventStatus, enumName: 'EventStatus' })
  status: EventStatus;

  static from(e: Event): EventSummaryDto {
    return {
      id: e.id,
      title: e.title,
      slug: e.slug,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      timezone: e.timezone,
      venueName: e.venueName,
      venueCity: e.venueCity,
      status: e.status,
    };
  }
}
