import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/**
 * OpenAPI types the Swagger plugin cannot infer from TypeScript: it documents every `number` as a float and every
 * id as a bare string. Use these on DTO properties so generated clients get `integer` and `uuid`.
 */
type Options = Omit<ApiPropertyOptions, 'type' | 'format'>;

/** A whole number: counts, quantities, seconds, positions. */
export const ApiInteger = (options: Options = {}) =>
  ApiProperty({ type: 'integer', ...options } as ApiPropertyOptions);

/** Money: an integer amount of minor units of the currency next to it (2500 = €25.00). */
export const ApiMinorUnits = (options: Options = {}) =>
  ApiInteger({ description: 'Minor units of the currency (2500 = €25.00 for EUR).', ...options });

/** A UUID (every id of this API). */
export const ApiUuid = (options: Options = {}) =>
  ApiProperty({ type: String, format: 'uuid', ...options } as ApiPropertyOptions);
