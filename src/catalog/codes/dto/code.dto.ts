import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { IsInstant } from '../../events/dto/catalog-validators';
import { usesLeft } from '../../../inventory/code-stock.service';
import { CodeKind } from '../code-kind';
import { PromoCode } from '../promo-code.entity';

const CODE_TEXT = /^[A-Za-z0-9_-]+$/;
const upper = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** The terms a code is created or changed with; `kind` and the code's text are fixed once created. */
export class CodeTermsDto {
  /** `discount` codes: a percentage off each ticket, in basis points (2500 = 25%). Exactly one of the two. */
  @ApiInteger({ example: 2500, required: false, nullable: true, minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  discountBps?: number | null;

  /** `discount` codes: a fixed amount off each ticket, in minor units of the event's currency. */
  @ApiInteger({ example: 500, required: false, nullable: true, minimum: 1, maximum: 100_000_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  discountAmount?: number | null;

  /**
   * The tiers of the event it applies to: the discounted tiers, the tiers a presale opens (empty: every tier),
   * or the hidden tiers an access code reveals (at least one).
   */
  @ApiUuid({ isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  tierIds?: string[];

  /** Orders that may carry it, pending or paid (a use is one order, whatever its quantity); null: unlimited. */
  @ApiInteger({ example: 100, required: false, nullable: true, minimum: 1, maximum: 10_000_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  maxUses?: number | null;

  /** Orders one buyer may carry it on, pending or paid; null: unlimited. */
  @ApiInteger({ example: 1, required: false, nullable: true, minimum: 1, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxPerBuyer?: number | null;

  /** Valid from this instant; null: at once. */
  @ApiProperty({ example: '2030-05-01T08:00:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  validFrom?: string | null;

  /** Valid until this instant (excluded); null: until the event's sales end. */
  @ApiProperty({ example: '2030-06-01T08:00:00Z', required: false, nullable: true })
  @IsOptional()
  @IsInstant()
  validUntil?: string | null;

  /** A deactivated code is refused with 400 CODE_INVALID (default true). */
  @ApiProperty({ example: true, required: false, default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateCodeDto extends CodeTermsDto {
  /** What buyers type: 3–64 of `A-Z a-z 0-9 - _`; stored upper case and matched in any case. */
  @ApiProperty({ example: 'SUMMER25' })
  @Transform(upper)
  @Length(3, 64)
  @Matches(CODE_TEXT, { message: 'code may contain only letters, digits, - and _' })
  code: string;

  @ApiProperty({ enum: CodeKind, enumName: 'CodeKind', example: CodeKind.Discount })
  @IsEnum(CodeKind)
  kind: CodeKind;
}

/** Any subset of the terms. `maxUses` cannot drop below the uses taken and held. */
export class UpdateCodeDto extends PartialType(CodeTermsDto, { skipNullProperties: false }) {}

/** N single-use codes at once: `prefix` followed by a random, unguessable suffix. */
export class BulkCodesDto extends OmitType(CodeTermsDto, ['maxUses', 'maxPerBuyer'] as const) {
  /** 1–40 of `A-Z a-z 0-9 - _`; each code is the prefix, `-` and 10 random characters. */
  @ApiProperty({ example: 'PARTNER' })
  @Transform(upper)
  @Length(1, 40)
  @Matches(CODE_TEXT, { message: 'prefix may contain only letters, digits, - and _' })
  prefix: string;

  @ApiInteger({ example: 100, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  count: number;

  @ApiProperty({ enum: CodeKind, enumName: 'CodeKind', example: CodeKind.Access })
  @IsEnum(CodeKind)
  kind: CodeKind;
}

export class CodeQueryDto extends PageQueryDto {
  @ApiProperty({ enum: CodeKind, enumName: 'CodeKind', required: false })
  @IsOptional()
  @IsEnum(CodeKind)
  kind?: CodeKind;

  /** `true`: only active codes; `false`: only deactivated ones. */
  @ApiProperty({ required: false, type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class CodeDto {
  @ApiUuid()
  id: string;
  @ApiUuid()
  eventId: string;
  @ApiProperty({ example: 'SUMMER25' })
  code: string;
  @ApiProperty({ enum: CodeKind, enumName: 'CodeKind' })
  kind: CodeKind;
  @ApiInteger({ nullable: true, example: 2500 })
  discountBps: number | null;
  @ApiInteger({ nullable: true })
  discountAmount: number | null;
  @ApiUuid({ isArray: true })
  tierIds: string[];
  @ApiInteger({ nullable: true, example: 100 })
  maxUses: number | null;
  @ApiInteger({ nullable: true, example: 1 })
  maxPerBuyer: number | null;
  /** Paid orders carrying it (a whole refund gives the use back). */
  @ApiInteger({ example: 12 })
  used: number;
  /** Pending orders carrying it. */
  @ApiInteger({ example: 2 })
  held: number;
  /** `maxUses - used - held`; null when unlimited. */
  @ApiInteger({ nullable: true, example: 86 })
  remaining: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;

  static from(c: PromoCode): CodeDto {
    return {
      id: c.id,
      eventId: c.eventId,
      code: c.code,
      kind: c.kind,
      discountBps: c.discountBps,
      discountAmount: c.discountAmount,
      tierIds: c.tierIds,
      maxUses: c.maxUses,
      maxPerBuyer: c.maxPerBuyer,
      used: c.used,
      held: c.held,
      remaining: usesLeft(c),
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      active: c.active,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}

export class BulkCodesResultDto {
  @ApiInteger({ example: 100 })
  count: number;
  @ApiProperty({ type: [CodeDto] })
  codes: CodeDto[];
}
