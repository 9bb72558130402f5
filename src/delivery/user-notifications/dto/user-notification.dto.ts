import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { USER_NOTIFICATION_TYPES, UserNotification } from '../user-notification.entity';
import type { UserNotificationType } from '../user-notification.entity';

/** Notification numbers are Postgres `int`s. */
const MAX_SEQ = 2_147_483_647;

/**
 * One notification. `data` depends on `type`:
 * - `order.paid`: `{orderId, eventId, eventTitle, total, currency, ticketCount}`;
 * - `refund.issued`: `{orderId, eventId, eventTitle, amount, currency, ticketCount, reason}`;
 * - `waitlist.offered`: `{entryId, eventId, eventTitle, tierId, tierName, quantity, offerExpiresAt}`;
 * - `event.cancelled`: `{eventId, eventTitle, orderId, refundAmount, currency}`;
 * - `event.rescheduled`: `{eventId, eventTitle, startsAt, previousStartsAt, timezone}`;
 * - `ticket.received` (to the recipient of a transfer): `{transferId, ticketId, eventId, eventTitle, tierName,
 *   fromName}`;
 * - `ticket.transferred` (to its sender): `{transferId, ticketId, eventId, eventTitle, tierName, toName}`, where
 *   `ticketId` is the sender's ticket, now void.
 * Money is in minor units, times are ISO 8601 in UTC.
 */
export class UserNotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  /** Increases with every notification of the user; the SSE `id`, so `Last-Event-ID` resumes after it. */
  @ApiProperty({ type: 'integer', example: 12 })
  seq: number;
  @ApiProperty({ enum: USER_NOTIFICATION_TYPES, enumName: 'UserNotificationType', example: 'order.paid' })
  type: UserNotificationType;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { orderId: '0f5e2d1c-…', eventTitle: 'Difference Engine Live', total: 5000, currency: 'EUR' },
  })
  data: Record<string, unknown>;
  /** When it was marked read; null while unread. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  static from(n: UserNotification): UserNotificationDto {
    return { id: n.id, seq: n.seq, type: n.type, data: n.data, readAt: n.readAt, createdAt: n.createdAt };
  }
}

export class UserNotificationQueryDto extends PageQueryDto {
  /** `true`: only unread ones. */
  @ApiProperty({ required: false, type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class MarkReadDto {
  /** Marks every notification up to this `seq` (inclusive) read; all of them when absent. */
  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: MAX_SEQ, example: 12 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SEQ)
  upTo?: number;
}

export class MarkedReadDto {
  /** How many notifications this call marked read. */
  @ApiProperty({ type: 'integer', example: 3 })
  marked: number;
}
