import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ApiErrors } from './api-errors.decorator';

/**
 * A UUID path parameter naming an object. Someone else's object answers 404 like a missing one, so ids don't
 * leak; a malformed id is 400 VALIDATION_FAILED (added by the document's conventions for every parameter).
 */
export function ApiIdParam(name = 'id', description?: string) {
  return applyDecorators(
    ApiParam({ name, type: String, format: 'uuid', description }),
    ApiErrors('NOT_FOUND'),
  );
}
