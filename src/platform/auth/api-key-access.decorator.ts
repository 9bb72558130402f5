import { DECORATORS } from '@nestjs/swagger';
import { ERROR_CODES_EXTENSION } from '../http/api-errors.decorator';
import type { ErrorCode } from '../errors/error-codes';
import { ROLES } from './auth.decorators';
import { OPTIONAL_USER } from './optional-user';
import { ApiKeyScope } from './api-key-scopes';
import { Role } from './roles';

/** The metadata key of the scope that lets an API key call a route. */
export const API_KEY_SCOPE = 'auth:apiKeyScope';

/** The security scheme of promoter API keys in the OpenAPI document. */
export const API_KEY_SCHEME = 'apiKey';

/** The operation extension that names the scope an API key needs for the operation. */
export const API_KEY_SCOPE_EXTENSION = 'x-api-key-scope';

/** The codes an API key can meet on a route that accepts keys. */
const KEY_ROUTE_CODES: ErrorCode[] = ['API_KEY_INVALID', 'API_KEY_REVOKED', 'API_KEY_SCOPE_MISSING'];

type Operation = { security?: Record<string, string[]>[] };
type Extensions = Record<string, unknown> & { [ERROR_CODES_EXTENSION]?: ErrorCode[] };

/**
 * Lets a promoter's API key with `scope` call this route, acting as a manager of its own promoter only (the
 * services' ownership checks then answer 404 for another promoter's objects). Routes without it refuse keys
 * with `403 API_KEY_NOT_ACCEPTED`.
 *
 * It goes **above** `@Auth(...)` or `@PublicWithOptionalUser()`, whose security it extends with the API key
 * scheme; it refuses (at boot) a route without them and an admin-only route, so no admin route ever takes a key.
 */
export function ApiKeyAccess(scope: ApiKeyScope): MethodDecorator {
  return (_target, key, descriptor) => {
    const handler = descriptor.value as object;
    const where = String(key);
    const operation = (Reflect.getMetadata(DECORATORS.API_OPERATION, handler) ?? {}) as Operation;
    const roles = Reflect.getMetadata(ROLES, handler) as Role[] | undefined;
    // A plain @Public() route never looks at credentials, so a scope on it would mean nothing.
    const recognisesCallers = Reflect.getMetadata(OPTIONAL_USER, handler) === true;
    if (!operation.security || (roles === undefined && !recognisesCallers)) {
      throw new Error(`@ApiKeyAccess on ${where} must sit above @Auth() or @PublicWithOptionalUser()`);
    }
    if (roles && roles.length > 0 && !roles.includes(Role.Promoter)) {
      throw new Error(`@ApiKeyAccess on ${where}: routes only for ${roles.join(', ')} never take keys`);
    }
    Reflect.defineMetadata(API_KEY_SCOPE, scope, handler);
    Reflect.defineMetadata(
      DECORATORS.API_OPERATION,
      { ...operation, security: [...operation.security, { [API_KEY_SCHEME]: [] }] },
      handler,
    );
    const extensions = (Reflect.getMetadata(DECORATORS.API_EXTENSION, handler) ?? {}) as Extensions;
    const codes = (extensions[ERROR_CODES_EXTENSION] ?? []).filter((c) => c !== 'API_KEY_NOT_ACCEPTED');
    Reflect.defineMetadata(
      DECORATORS.API_EXTENSION,
      {
        ...extensions,
        [API_KEY_SCOPE_EXTENSION]: scope,
        [ERROR_CODES_EXTENSION]: [...new Set([...codes, ...KEY_ROUTE_CODES])],
      },
      handler,
    );
    return descriptor;
  };
}
