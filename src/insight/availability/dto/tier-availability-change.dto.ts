import { ApiProperty } from '@nestjs/swagger';
import { TierSaleStatus } from '../../../catalog/tiers/tier-availability';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';

/**
 * One `availability` message of the stream (the SSE `data` field, as JSON): a visible tier's state now. The
 * first messages after connecting give every visible tier; after that only tiers whose state changed.
 */
export class TierAvailabilityChangeDto {
  @ApiUuid()
  tierId: string;
  /** Units anyone may buy right now: capacity - sold - held. */
  @ApiInteger({ example: 42 })
  available: number;
  @ApiProperty({ enum: TierSaleStatus, enumName: 'TierSaleStatus', example: TierSaleStatus.OnSale })
  status: TierSaleStatus;
}
