import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsOptional,
  IsUUID,
} from 'class-validator';

export class RefundOrderDto {
  /** The tickets to refund. Leave out for a full refund of every ticket still valid. */
  @ApiProperty({ required: false, example: ['3d6f1c2a-8b9e-4f01-a2b3-c4d5e6f7a8b9'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ticketIds?: string[];

  /** Admins only: also refund tickets that were already checked in. */
  @ApiProperty({ required: false, example: false })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}
