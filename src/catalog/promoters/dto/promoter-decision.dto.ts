import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** The body of an admin move. The reason is sent to the owner on rejection and suspension. */
export class PromoterDecisionDto {
  @ApiProperty({ example: 'Missing company registration details.', required: false })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
