import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { NestedObject } from '../../../platform/http/nested.decorators';
import { IsIanaTimeZone, IsInstant, IsIsoCurrency } from './catalog-validators';
import { EventQueueInputDto } from './event-queue.dto';
import { VenueDto } from './venue.dto';
import { ApiInteger } from '../../../platform/http/api-types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A new event, created as a `draft`. Instants are ISO 8601 with an offset and are stored in UTC; `timezone`
 * says how to show them locally. `endsAt` must follow `startsAt`, the start must be in the future, and the
 * sales window must close no later than the event ends.
 */
export class CreateEventDto {
  /** The promoter that runs the event; you must be its owner or manager. */
  @ApiProperty({ format: 'uuid', example: '3f1c4a9e-8a1b-4c2d-9e3f-5a6b7c8d9e0f' })
  @IsUUID()
  promoterId: string;

  @ApiProperty({ example: 'Moonlight Jazz Night' })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiProperty({ example: 'Three bands under the open sky.', required: false, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  /** A free-form category used by the `category` filter, e.g. `music`, `theatre`, `sports`. */
  @ApiProperty({ example: 'music' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Length(2, 60)
  category: string;

  @ApiProperty({ type: VenueDto })
  @NestedObject(() => VenueDto)
  venue: VenueDto;

  /** The venue's IANA time zone. */
  @ApiProperty({ example: 'Europe/Berlin' })
  @IsIanaTimeZone()
  timezone: string;

  @ApiProperty({ example: '2030-07-04T18:00:00Z' })
  @IsInstant()
  startsAt: string;

  @ApiProperty({ example: '2030-07-04T23:00:00Z' })
  @IsInstant()
  endsAt: string;

  /** When sales open; omitted or null: as soon as the event is published. */
  @ApiProperty({ example: '2030-05-01T08:00:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  salesStartAt?: string | null;

  /** When sales close; omitted or null: when the event ends. */
  @ApiProperty({ example: '2030-07-04T20:00:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  salesEndAt?: string | null;

  /** ISO 4217; tier prices are in its minor units. Frozen once anything is sold or held. */
  @ApiProperty({ example: 'EUR' })
  @IsIsoCurrency()
  currency: string;

  @ApiProperty({ example: 'https://cdn.example.com/moonlight.jpg', required: false, nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(1000)
  imageUrl?: string | null;

  /** Holders may transfer tickets to someone else (default true). */
  @ApiProperty({ example: true, required: false, default: true })
  @IsOptional()
  @IsBoolean()
  transfersEnabled?: boolean;

  /** Holders may offer tickets for face-value resale through the waitlist (default true). */
  @ApiProperty({ example: true, required: false, default: true })
  @IsOptional()
  @IsBoolean()
  resaleEnabled?: boolean;

  /** Kept from each resale payout, in basis points of the face value (250 = 2.5%; default 0). */
  @ApiInteger({ example: 250, required: false, default: 0, minimum: 0, maximum: 5000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5000)
  resaleFeeBps?: number;

  /** Transfers and resale listings close this many minutes before the start (default 0: at the start). */
  @ApiInteger({ example: 120, required: false, default: 0, minimum: 0, maximum: 525600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(525600)
  transferCutoffMinutes?: number;

  /**
   * Ticket holders may change attendee names, emails and answers until this many minutes before the start
   * (default 0: until the start). Pending orders may always be completed.
   */
  @ApiInteger({ example: 1440, required: false, default: 0, minimum: 0, maximum: 525600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(525600)
  attendeeCutoffMinutes?: number;

  /** The virtual waiting room; omitted: none (buyers order directly). */
  @ApiProperty({ type: EventQueueInputDto, required: false })
  @IsOptional()
  @NestedObject(() => EventQueueInputDto)
  queue?: EventQueueInputDto;
}
