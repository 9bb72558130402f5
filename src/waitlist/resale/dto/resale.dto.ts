import { ApiProperty } from '@nestjs/swagger';
import { ResaleStatus } from '../resale-status';

export class ResaleDto {
  id: string;
  ticketId: string;
  eventId: string;
  tierId: string;
  @ApiProperty({ enum: ResaleStatus, enumName: 'ResaleStatus' })
  status: ResaleStatus;
  /** What the seller paid for the ticket (minor units): the most they get back. */
  @ApiProperty({ example: 2500 })
  facePrice: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  /** The promoter's resale fee, in basis points of the face value. */
  @ApiProperty({ example: 250 })
  feeBps: number;
  /** What the seller gets back if the ticket sells at the same price: face value less the fee. */
  @ApiProperty({ example: 2437 })
  expectedPayout: number;
  /** What went back to the seller once sold. */
  refundAmount: number | null;
  listedAt: Date;
  closedAt: Date | null;
}
