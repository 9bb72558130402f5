import { ApiProperty } from '@nestjs/swagger';
import { TierAvailability, TierSaleStatus } from '../tier-availability';

export class TierAvailabilityDto {
  @ApiProperty({ example: 500 })
  capacity: number;
  @ApiProperty({ example: 120 })
  sold: number;
  @ApiProperty({ example: 8 })
  held: number;
  /** `capacity - sold - held`. */
  @ApiProperty({ example: 372 })
  available: number;
  @ApiProperty({ enum: TierSaleStatus, enumName: 'TierSaleStatus' })
  status: TierSaleStatus;

  static from(a: TierAvailability): TierAvailabilityDto {
    return { capacity: a.capacity, sold: a.sold, held: a.held, available: a.available, status: a.status };
  }
}
