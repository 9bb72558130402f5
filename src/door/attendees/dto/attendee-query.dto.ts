import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { UpdatedSinceQuery } from '../../../checkout/read-query';

/** The attendee list's query; `updatedSince` also applies to the CSV. */
export class AttendeeQueryDto extends PageQueryDto {
  @UpdatedSinceQuery()
  updatedSince?: string;
}
