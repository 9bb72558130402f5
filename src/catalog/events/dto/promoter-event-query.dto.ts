import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { EventStatus } from '../event-status';
import { EventSort } from './event-query.dto';

/** The promoter dashboard's list: every status, soonest first unless `sort` says otherwise. */
export class PromoterEventQueryDto extends PageQueryDto {
  /** Only events in this status. */
  @ApiProperty({ enum: EventStatus, enumName: 'EventStatus', required: false })
  @IsOptional()
  @IsEnum(EventStatus)
  status?: EventStatus;

  /** `startsAt` or `-startsAt`. */
  @ApiProperty({ enum: [EventSort.StartsAt, EventSort.StartsAtDesc], required: false })
  @IsOptional()
  @IsEnum({ startsAt: EventSort.StartsAt, startsAtDesc: EventSort.StartsAtDesc })
  sort?: EventSort.StartsAt | EventSort.StartsAtDesc;
}
