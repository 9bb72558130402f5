import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsInstant } from '../../../catalog/events/dto/catalog-validators';
import { ApiInteger } from '../../../platform/http/api-types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A check-in list: which tiers it admits (every tier when empty), through which gates (any when empty), when
 * (open-ended when a bound is null), and whether people may leave and come back (scans then alternate entry and
 * exit).
 */
export class CreateCheckInListDto {
  @ApiProperty({ example: 'Main entrance' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;

  /** Tiers of this event the list admits; empty or omitted: every tier. */
  @ApiProperty({ type: [String], format: 'uuid', required: false, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  tierIds?: string[];

  /** The gates scanners of this list stand at; empty or omitted: any gate. */
  @ApiProperty({ type: [String], example: ['North', 'South'], required: false, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(60, { each: true })
  gates?: string[];

  /** Scans before this instant are refused (CHECK_IN_LIST_CLOSED); null: no lower bound. */
  @ApiProperty({ example: '2030-07-04T17:00:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  validFrom?: string | null;

  /** Scans after this instant are refused; null: no upper bound. */
  @ApiProperty({ example: '2030-07-04T23:30:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  validUntil?: string | null;

  /** Scans alternate entry and exit, and the list knows who is inside now (default false). */
  @ApiProperty({ example: false, required: false, default: false })
  @IsOptional()
  @IsBoolean()
  allowReentry?: boolean;
}

/** Any subset of the fields; `null` clears a time bound. */
export class UpdateCheckInListDto extends PartialType(CreateCheckInListDto, { skipNullProperties: false }) {}

export class CheckInListStatsDto {
  /** Live (not void) tickets of the list's tiers. */
  @ApiInteger({ example: 480 })
  expected: number;
  /** Of those, admitted at least once on this list. */
  @ApiInteger({ example: 212 })
  checkedIn: number;
  /** Of those, inside now (without re-entry: every admitted ticket). */
  @ApiInteger({ example: 180 })
  insideNow: number;
}

export class CheckInListDto {
  id: string;
  eventId: string;
  @ApiProperty({ example: 'Main entrance' })
  name: string;
  @ApiProperty({ type: [String], format: 'uuid' })
  tierIds: string[];
  @ApiProperty({ type: [String], example: ['North', 'South'] })
  gates: string[];
  validFrom: Date | null;
  validUntil: Date | null;
  allowReentry: boolean;
  createdAt: Date;
  updatedAt: Date;
  stats: CheckInListStatsDto;
}
