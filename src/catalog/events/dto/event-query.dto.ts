import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { IsInstant } from './catalog-validators';

export enum EventSort {
  StartsAt = 'startsAt',
  StartsAtDesc = '-startsAt',
  Relevance = 'relevance',
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Filters of the public listing. They combine with AND. */
export class EventQueryDto extends PageQueryDto {
  /**
   * Full-text search over the title (weighted most), category, description and venue. Web-search syntax:
   * `"exact phrase"`, `-without`, `or`.
   */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  search?: string;

  /** The venue city, case-insensitive. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  city?: string;

  /** The category, case-insensitive. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  category?: string;

  /** Events starting at or after this instant. */
  @ApiProperty({ required: false, example: '2030-07-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Events starting before this instant. */
  @ApiProperty({ required: false, example: '2030-08-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  to?: string;

  /** Only this promoter's events. */
  @IsOptional()
  @IsUUID()
  promoterId?: string;

  /**
   * `startsAt` (soonest first), `-startsAt` (latest first) or `relevance` (best match first, then soonest).
   * Default: `relevance` with a search, `startsAt` without; `relevance` without a search sorts by `startsAt`.
   */
  @ApiProperty({ enum: EventSort, enumName: 'EventSort', required: false })
  @IsOptional()
  @IsEnum(EventSort)
  sort?: EventSort;
}
