import { PartialType } from '@nestjs/swagger';
import { CreatePromoterDto } from './create-promoter.dto';

/** Any subset of the application's fields. `null` clears `description`, `websiteUrl` or a legal detail
 * (`legalName`, `legalAddress`, `taxId`, `invoicePrefix`). */
export class UpdatePromoterDto extends PartialType(CreatePromoterDto, { skipNullProperties: false }) {}
