import { ApiProperty } from '@nestjs/swagger';
import { ResaleStatus } from '../resale-status';
import { ApiInteger, ApiMinorUnits } from '../../../platform/http/api-types';

export class ResaleDto {
  id: string;
  ticketId: string;
  eventId: string;
  tierId: string;
  @ApiProperty({ enum: ResaleStatus, enumName: 'ResaleStatus' })
  status: ResaleStatus;
  /** What the seller paid for the ticket (minor units): the most they get back. */
  @ApiMinorUnits({ example: 2500 })
  facePrice: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  /** The promoter's resale fee, in basis points of the face value. */
  @ApiInteger({ example: 250 })
  feeBps: number;
  /** What the seller gets back if the ticket sells at the same price: face value less the fee. */
  @ApiMinorUnits({ example: 2437 })
  expectedPayout: number;
  /** What went back to the seller once sold. */
  @ApiMinorUnits({ nullable: true })
  refundAmount: number | null;
  listedAt: Date;
  closedAt: Date | null;
}
