import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateNested } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-transformer's own signature
type ClassOf = () => Function;

/**
 * A nested object property, validated as `type`. `ValidateNested` alone lets an array through (it validates the
 * elements instead) and says nothing useful about a missing value, so the property must also be a plain object:
 * `venue: []` or `venue: [{…}]` is a 400 naming `venue`, not a 500 further down.
 */
export function NestedObject(type: ClassOf): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type));
}

/** An array of nested objects, each a plain object (not a nested array) valid as `type`. */
export function NestedArray(type: ClassOf): PropertyDecorator {
  return applyDecorators(IsArray(), IsObject({ each: true }), ValidateNested({ each: true }), Type(type));
}
