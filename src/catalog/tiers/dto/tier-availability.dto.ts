import { ApiProperty } from '@nestjs/swagger';
import { TierAvailability, TierSaleStatus } from '../tier-availability';
import { ApiInteger } from '../../../platform/http/api-types';

export class TierAvailabilityDto {
  @ApiInteger({ example: 500 })
  capacity: number;
  @ApiInteger({ example: 120 })
  sold: number;
  @ApiInteger({ example: 8 })
  held: number;
  /** `capacity - sold - held`. */
  @ApiInteger({ example: 372 })
  available: number;
  @ApiProperty({ enum: TierSaleStatus, enumName: 'TierSaleStatus' })
  status: TierSaleStatus;

  static from(a: TierAvailability): TierAvailabilityDto {
    return { capacity: a.capacity, sold: a.sold, held: a.held, available: a.available, status: a.status };
  }
}
