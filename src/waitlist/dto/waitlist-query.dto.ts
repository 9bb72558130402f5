import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { WaitlistStatus } from '../waitlist-status';

/** Your own waitlist entries, newest first. */
export class WaitlistQueryDto extends PageQueryDto {
  /** Only entries for this event. */
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @IsOptional()
  @IsEnum(WaitlistStatus)
  status?: WaitlistStatus;
}
