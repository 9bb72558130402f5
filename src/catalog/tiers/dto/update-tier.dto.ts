import { PartialType } from '@nestjs/swagger';
import { CreateTierDto } from './create-tier.dto';

/**
 * Any subset of the tier's fields. `capacity` cannot drop below `sold + held` (409 CAPACITY_BELOW_COMMITTED).
 * A new `price` applies to new orders only: orders keep the unit price they were created with.
 */
export class UpdateTierDto extends PartialType(CreateTierDto, { skipNullProperties: false }) {}
