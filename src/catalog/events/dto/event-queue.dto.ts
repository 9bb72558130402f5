import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiInteger } from '../../../platform/http/api-types';
import { Event } from '../event.entity';
import { IsInstant } from './catalog-validators';

/** The token lifetime when the promoter names none. */
export const DEFAULT_QUEUE_TOKEN_TTL_SECONDS = 600;

/**
 * The event's virtual waiting room, given whole (an update replaces it). While `enabled`, buyers queue with
 * `POST /events/{id}/queue` and `POST /orders` needs their admission token.
 */
export class EventQueueInputDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  enabled: boolean;

  /**
   * When buyers may start to queue (required when enabled). Everyone who arrives before the sales start is put
   * in a random order; later arrivals go to the back. Must not be after `salesStartAt`.
   */
  @ApiProperty({ example: '2030-05-01T07:30:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  opensAt?: string | null;

  /** At most this many admissions in any 60 seconds; omitted or null: metered by the live inventory alone. */
  @ApiInteger({ example: 300, required: false, nullable: true, minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  admitPerMinute?: number | null;

  /** How long an admitted buyer's token lets them place an order (default 600). */
  @ApiInteger({
    example: 600,
    required: false,
    default: DEFAULT_QUEUE_TOKEN_TTL_SECONDS,
    minimum: 30,
    maximum: 3600,
  })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(3600)
  tokenTtlSeconds?: number;
}

/** The event's virtual waiting room settings. */
export class EventQueueDto {
  enabled: boolean;
  /** When buyers may start to queue. */
  opensAt: Date | null;
  /** At most this many admissions in any 60 seconds; null: metered by the live inventory alone. */
  @ApiInteger({ nullable: true, example: 300 })
  admitPerMinute: number | null;
  /** How long an admission token lets its buyer place an order. */
  @ApiInteger({ example: 600 })
  tokenTtlSeconds: number;

  static from(e: Event): EventQueueDto {
    return {
      enabled: e.queueEnabled,
      opensAt: e.queueOpensAt,
      admitPerMinute: e.queueAdmitPerMinute,
      tokenTtlSeconds: e.queueTokenTtlSeconds,
    };
  }
}

/** The entity columns of a queue setting. */
export function queueColumns(
  dto: EventQueueInputDto,
): Pick<Event, 'queueEnabled' | 'queueOpensAt' | 'queueAdmitPerMinute' | 'queueTokenTtlSeconds'> {
  return {
    queueEnabled: dto.enabled,
    queueOpensAt: dto.opensAt ? new Date(dto.opensAt) : null,
    queueAdmitPerMinute: dto.admitPerMinute ?? null,
    queueTokenTtlSeconds: dto.tokenTtlSeconds ?? DEFAULT_QUEUE_TOKEN_TTL_SECONDS,
  };
}
