import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { ApiUuid } from '../../../platform/http/api-types';

export class JoinQueueDto {
  /**
   * Join the waitlist if the event sells out while you wait (in your queue order, for one ticket or the tier's
   * minimum per order). Default false.
   */
  @ApiProperty({ example: true, required: false, default: false })
  @IsOptional()
  @IsBoolean()
  waitlist?: boolean;

  /** The tier whose waitlist to join; default: the event's first public tier. Only with `waitlist: true`. */
  @ApiUuid({ required: false, example: '0b8f0c1e-7d3a-4e52-9a61-4a3c2f1d5e77' })
  @IsOptional()
  @IsUUID()
  tierId?: string;
}
