import { PartialType } from '@nestjs/swagger';
import { CreateTierDto } from './create-tier.dto';

/**
 * Any subset of the tier's fields. `capacity` cannot drop below `sold + held` (409 CAPACITY_BELOW_COMMITTED).
 * A new `price`, `taxRateBps` or `taxMode` applies to new orders only: orders keep what they were created with.
 */
export class UpdateTierDto extends PartialType(CreateTierDto, { skipNullProperties: false }) {}
