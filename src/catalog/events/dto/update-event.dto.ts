import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateEventDto } from './create-event.dto';

/**
 * Any subset of the event's fields; `venue` is replaced whole. `null` clears the optional ones. Once any tier
 * has sold or held units, `currency` is frozen (409 FIELD_FROZEN).
 */
export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['promoterId'] as const), {
  skipNullProperties: false,
}) {}
