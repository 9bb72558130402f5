import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { Expandable, ExpandQuery, UpdatedSinceQuery } from '../../read-query';
import { OrderStatus } from '../order-status';

/**
 * Buyers see their own orders. Managers and owners of a promoter (and admins) see every order of an event with
 * `eventId`, or of all the promoter's events with `promoterId`; admins without a filter see all orders.
 * Sorted newest first.
 */
export class OrderQueryDto extends PageQueryDto {
  /** Only orders for this event (all buyers' orders if you run the event). */
  @IsOptional()
  @IsUUID()
  eventId?: string;

  /** Only orders for this promoter's events (managers, owners and admins). */
  @IsOptional()
  @IsUUID()
  promoterId?: string;

  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;

  @ExpandQuery()
  expand?: Expandable[];

  @UpdatedSinceQuery()
  updatedSince?: string;
}
