import { ApiProperty } from '@nestjs/swagger';
import { ApiMinorUnits, ApiUuid } from '../../../platform/http/api-types';
import { TicketTier } from '../ticket-tier.entity';

/** A small view of a tier, embedded in order items and tickets with `expand=tier`. */
export class TierSummaryDto {
  @ApiUuid()
  id: string;
  @ApiProperty({ example: 'Early bird' })
  name: string;
  description: string | null;
  /** The tier's current price (an order keeps the unit price it was made with). */
  @ApiMinorUnits({ example: 2500 })
  price: number;

  static from(t: TicketTier): TierSummaryDto {
    return { id: t.id, name: t.name, description: t.description, price: t.price };
  }
}
