import { DECORATORS } from '@nestjs/swagger';
import type { ErrorCode } from '../errors/error-codes';

/** The operation extension that lists every error code an operation can answer. */
export const ERROR_CODES_EXTENSION = 'x-error-codes';

type Extensions = Record<string, unknown> & { [ERROR_CODES_EXTENSION]?: ErrorCode[] };

/**
 * The error codes a route can answer, beyond the ones the document derives itself (validation, body size, rate
 * limits: see openapi-document.ts). Repeatable: `@Auth`, `@ApiIdParam` and `@Idempotent` add theirs too. The
 * document turns the codes into one response per status, each with the schema of exactly those codes.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const extensions = (Reflect.getMetadata(DECORATORS.API_EXTENSION, handler) ?? {}) as Extensions;
    const known = extensions[ERROR_CODES_EXTENSION] ?? [];
    Reflect.defineMetadata(
      DECORATORS.API_EXTENSION,
      { ...extensions, [ERROR_CODES_EXTENSION]: [...new Set([...known, ...codes])] },
      handler,
    );
    return descriptor;
  };
}

/**
 * The operation's security requirements, written where the document reads them last: `[]` for a public route
 * (OpenAPI's "no credentials"), or anonymous-or-credential (`[{}, { bearer: [] }]`).
 */
export function ApiSecurityRequirements(requirements: Record<string, string[]>[]): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const operation = (Reflect.getMetadata(DECORATORS.API_OPERATION, handler) ?? {}) as object;
    Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...operation, security: requirements }, handler);
    return descriptor;
  };
}
