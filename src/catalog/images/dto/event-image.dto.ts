import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';

export class EventImageVariantDto {
  @ApiInteger({ example: 800 })
  width: number;
  /** A WebP of this width. */
  @ApiProperty({ example: 'https://cdn.example.com/events/…/w800.webp?X-Amz-Signature=…' })
  url: string;
}

/**
 * A ready image as an event shows it. URLs are public (no token needed) and stay valid for at least six days
 * from the response; each stays the same for an hour, so browsers cache it. Read them fresh from the event.
 */
export class EventImageDto {
  @ApiUuid()
  id: string;
  /** The original as uploaded. */
  @ApiProperty({ example: 'https://cdn.example.com/events/…/original?X-Amz-Signature=…' })
  url: string;
  @ApiInteger({ example: 2400 })
  width: number;
  @ApiInteger({ example: 1600 })
  height: number;
  /** Narrowest first. */
  @ApiProperty({ type: [EventImageVariantDto] })
  variants: EventImageVariantDto[];
}
