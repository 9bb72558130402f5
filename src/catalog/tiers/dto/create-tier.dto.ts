import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { AttendeeDetailsPolicy } from '../../questions/question-type';
import { MAX_TAX_RATE_BPS, TaxMode } from '../tax-mode';
import { IsInstant } from '../../events/dto/catalog-validators';
import { ApiInteger } from '../../../platform/http/api-types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A ticket tier. `price` is an integer in minor units of the event's currency (2500 = €25.00 for EUR).
 * `minPerOrder` must not exceed `maxPerOrder`; the sales window must open before it closes and close no later
 * than the event ends. Without a window the tier follows the event's.
 */
export class CreateTierDto {
  @ApiProperty({ example: 'Early bird' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ example: 'Standing, limited to the first 100 buyers.', required: false, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiInteger({ example: 2500, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  price: number;

  @ApiInteger({ example: 100, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  capacity: number;

  /** The tax rate in basis points (2000 = 20%, 700 = 7%); 0 (default) for no tax. */
  @ApiInteger({ example: 2000, minimum: 0, maximum: MAX_TAX_RATE_BPS, default: 0, required: false })
  @ValidateIf((_, v) => v !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_TAX_RATE_BPS)
  taxRateBps?: number;

  /**
   * `inclusive` (default): `price` is what the buyer pays, tax included. `exclusive`: the tax is added on top of
   * `price` at checkout.
   */
  @ApiProperty({ enum: TaxMode, enumName: 'TaxMode', default: TaxMode.Inclusive, required: false })
  @ValidateIf((_, v) => v !== undefined)
  @IsEnum(TaxMode)
  taxMode?: TaxMode;

  @ApiInteger({ example: 1, default: 1, required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  minPerOrder?: number;

  @ApiInteger({ example: 10, default: 10, required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPerOrder?: number;

  /** When this tier's sales open; null: with the event's sales window. */
  @ApiProperty({ example: '2030-05-01T08:00:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  salesStartAt?: string | null;

  /** When this tier's sales close; null: with the event's sales window. */
  @ApiProperty({ example: '2030-06-01T08:00:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  salesEndAt?: string | null;

  /** Shown only to the promoter's members and admins (e.g. guest list, artist passes). */
  @ApiProperty({ example: false, default: false, required: false })
  @IsOptional()
  @IsBoolean()
  hidden?: boolean;

  /** Lower first. */
  @ApiInteger({ example: 0, default: 0, required: false })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  sortOrder?: number;

  /**
   * Whether each ticket's attendee name and email must be given (`PUT /orders/{id}/attendees`) before the order
   * can be paid: `none` (default; tickets carry the buyer's), `optional` (asked, not required) or `required`.
   */
  @ApiProperty({
    enum: AttendeeDetailsPolicy,
    enumName: 'AttendeeDetailsPolicy',
    default: AttendeeDetailsPolicy.None,
    required: false,
  })
  @IsOptional()
  @IsEnum(AttendeeDetailsPolicy)
  attendeeDetails?: AttendeeDetailsPolicy;
}
