import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { IDEMPOTENCY_HEADER, IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Accepts an `Idempotency-Key` header with Stripe's semantics (DESIGN.md): the same key and body replays the
 * first response for 24 hours, another body gets 422, a request still in flight gets 409.
 */
export function Idempotent() {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description:
        'A unique key (1–255 characters) that makes retries safe: the same key with the same body replays the ' +
        'first response for 24 hours; with another body it is refused (422 IDEMPOTENCY_KEY_REUSED); while the ' +
        'first request runs a repeat gets 409 IDEMPOTENCY_KEY_IN_FLIGHT.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        example: '5f1c8a0e-2b7d-4c1e-9a3f-0d6e7b8c9a10',
      },
    }),
    ApiErrors('IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_KEY_IN_FLIGHT'),
  );
}
