import { ApiProperty } from '@nestjs/swagger';
import { CodeKind } from '../../codes/code-kind';
import { EventImageDto } from '../../images/dto/event-image.dto';
import { TierDto } from '../../tiers/dto/tier.dto';
import { EventStatus } from '../event-status';
import { Event } from '../event.entity';
import { EventQueueDto } from './event-queue.dto';
import { VenueDto } from './venue.dto';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';

export class EventPromoterDto {
  @ApiUuid()
  id: string;
  @ApiProperty({ example: 'Moonlight Concerts' })
  name: string;
  @ApiProperty({ example: 'moonlight-concerts' })
  slug: string;
}

export class EventDto {
  @ApiUuid()
  id: string;
  @ApiProperty({ example: 'moonlight-jazz-night-4f9a1c' })
  slug: string;
  promoter: EventPromoterDto;
  @ApiProperty({ example: 'Moonlight Jazz Night' })
  title: string;
  description: string | null;
  @ApiProperty({ example: 'music' })
  category: string;
  venue: VenueDto;
  @ApiProperty({ example: 'Europe/Berlin' })
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  /** Null: sales open when the event is published. */
  salesStartAt: Date | null;
  /** Null: sales close when the event ends. */
  salesEndAt: Date | null;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  imageUrl: string | null;
  /** The event's ready images in display order, with public URLs (see the README's "Event images"). */
  @ApiProperty({ type: [EventImageDto] })
  images: EventImageDto[];
  /** Holders may transfer their tickets (until `transferCutoffMinutes` before the start). */
  transfersEnabled: boolean;
  /** Holders may offer tickets for face-value resale through the waitlist (same cut-off). */
  resaleEnabled: boolean;
  /** Kept from each resale payout, in basis points of the face value. */
  @ApiInteger()
  resaleFeeBps: number;
  @ApiInteger()
  transferCutoffMinutes: number;
  /** Holders may change attendee details and answers until this many minutes before the start. */
  @ApiInteger()
  attendeeCutoffMinutes: number;
  /** The virtual waiting room: while enabled, `POST /orders` needs an admission token (`X-Queue-Token`). */
  queue: EventQueueDto;
  @ApiProperty({ enum: EventStatus, enumName: 'EventStatus' })
  status: EventStatus;
  publishedAt: Date | null;
  cancelledAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Set on a deleted event; only members and admins ever see one. */
  deletedAt: Date | null;

  static from(e: Event, images: EventImageDto[]): EventDto {
    if (!e.promoter) throw new Error('EventDto.from needs the promoter relation loaded');
    return {
      id: e.id,
      slug: e.slug,
      promoter: { id: e.promoter.id, name: e.promoter.name, slug: e.promoter.slug },
      title: e.title,
      description: e.description,
      category: e.category,
      venue: { name: e.venueName, address: e.venueAddress, city: e.venueCity, country: e.venueCountry },
      timezone: e.timezone,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      salesStartAt: e.salesStartAt,
      salesEndAt: e.salesEndAt,
      currency: e.currency,
      imageUrl: e.imageUrl,
      images,
      transfersEnabled: e.transfersEnabled,
      resaleEnabled: e.resaleEnabled,
      resaleFeeBps: e.resaleFeeBps,
      transferCutoffMinutes: e.transferCutoffMinutes,
      attendeeCutoffMinutes: e.attendeeCutoffMinutes,
      queue: EventQueueDto.from(e),
      status: e.status,
      publishedAt: e.publishedAt,
      cancelledAt: e.cancelledAt,
      completedAt: e.completedAt,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      deletedAt: e.deletedAt,
    };
  }
}

/** The code an event was read with (`GET /events/{id}?code=`): what it does, for the shop to show. */
export class EventCodeDto {
  @ApiProperty({ example: 'SUMMER25' })
  code: string;
  @ApiProperty({ enum: CodeKind, enumName: 'CodeKind' })
  kind: CodeKind;
  /** Discount codes: the percentage off each ticket, basis points. */
  @ApiInteger({ nullable: true, example: 2500 })
  discountBps: number | null;
  /** Discount codes: the fixed amount off each ticket, minor units. */
  @ApiInteger({ nullable: true })
  discountAmount: number | null;
  /** The tiers it applies to (empty: all); for an access code, the hidden tiers it reveals. */
  @ApiUuid({ isArray: true })
  tierIds: string[];
}

/** An event with its tiers (hidden ones only for members and admins) and their live availability. */
export class EventDetailDto extends EventDto {
  @ApiProperty({ type: [TierDto] })
  tiers: TierDto[];
  /** Only when read with `?code=`. */
  code?: EventCodeDto;

  static withTiers(e: Event, images: EventImageDto[], tiers: TierDto[], code?: EventCodeDto): EventDetailDto {
    return { ...EventDto.from(e, images), tiers, ...(code ? { code } : {}) };
  }
}
