import { ApiProperty } from '@nestjs/swagger';
import {
  IsString,
  MaxLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { normalizeLocale, SUPPORTED_LANGUAGES } from '../../../platform/i18n/locales';

@ValidatorConstraint({ name: 'supportedLocale' })
class SupportedLocale implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && normalizeLocale(value) !== null;
  }

  defaultMessage(): string {
    return `locale must be a BCP 47 tag in one of: ${SUPPORTED_LANGUAGES.join(', ')} (e.g. fr, pt-BR)`;
  }
}

export class UpdateProfileDto {
  /** The language of your emails, optionally with a region for dates and money (`fr`, `pt-BR`, `en-GB`). */
  @ApiProperty({ example: 'pt-BR' })
  @IsString()
  @MaxLength(35)
  @Validate(SupportedLocale)
  locale: string;
}
