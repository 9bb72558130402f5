import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { Expandable, ExpandQuery, UpdatedSinceQuery } from '../../read-query';
import { TicketStatus } from '../ticket.entity';

/**
 * Your own tickets. With `eventId`, members of the event's promoter (and admins) see all its tickets. Admins
 * without a filter see every ticket. Sorted newest first.
 */
export class TicketQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @IsOptional()
  @IsEnum(TicketStatus)
  status?: TicketStatus;

  @ExpandQuery()
  expand?: Expandable[];

  @UpdatedSinceQuery()
  updatedSince?: string;
}
