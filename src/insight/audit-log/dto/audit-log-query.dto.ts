import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsInstant } from '../../../catalog/events/dto/catalog-validators';
import { PageQueryDto } from '../../../platform/http/page-query.dto';

export class AuditLogQueryDto extends PageQueryDto {
  /** Only entries by this user. */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** Only this action, e.g. `auth.login_failed`. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  /** Only this kind of object, e.g. `user`, `promoter`, `order`. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  /** Only this object. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  /** Entries at or after this instant (ISO 8601 with an offset). */
  @ApiProperty({ required: false, example: '2030-07-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Entries before this instant (ISO 8601 with an offset). */
  @ApiProperty({ required: false, example: '2030-08-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
