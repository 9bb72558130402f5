import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class CancelEventDto {
  /** Shown to buyers and kept in the audit log. */
  @ApiProperty({ example: 'The headliner fell ill.', required: false })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
