import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The deepest `offset` a list accepts; beyond it, filter instead of paging (and Postgres' bigint is safe). */
export const MAX_OFFSET = 1_000_000;

/** `limit` (1–100, default 20) and `offset` (0–1,000,000) for every list route. Extend it to add filters. */
export class PageQueryDto {
  /** How many items to return (1–100). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  /** How many items to skip (at most 1,000,000). */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;
}
