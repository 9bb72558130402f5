import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { ApiInteger, ApiUuid } from '../../platform/http/api-types';

/** Join the waitlist of a sold-out tier. `quantity` must be within the tier's min/max per order. */
export class JoinWaitlistDto {
  @ApiUuid({ example: '7c0e3a52-1f9b-4d2e-8a47-3b5c6d7e8f90' })
  @IsUUID()
  eventId: string;

  /** The sold-out tier; it must belong to the event. */
  @ApiUuid({ example: '0b8f0c1e-7d3a-4e52-9a61-4a3c2f1d5e77' })
  @IsUUID()
  tierId: string;

  /** How many tickets you want; an offer may be for fewer when fewer are freed. */
  @ApiInteger({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(100)
  quantity: number;
}
