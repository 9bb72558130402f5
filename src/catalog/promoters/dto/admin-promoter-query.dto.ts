import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { PromoterStatus } from '../promoter-status';

/** Oldest first, so the review queue (`status=pending`) is worked in order of application. */
export class AdminPromoterQueryDto extends PageQueryDto {
  /** Only promoters in this status. */
  @ApiProperty({ enum: PromoterStatus, enumName: 'PromoterStatus', required: false })
  @IsOptional()
  @IsEnum(PromoterStatus)
  status?: PromoterStatus;

  /** Matches the name, slug or contact email (case-insensitive substring). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}
