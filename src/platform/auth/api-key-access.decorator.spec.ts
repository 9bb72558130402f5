import { DECORATORS } from '@nestjs/swagger';
import { ERROR_CODES_EXTENSION } from '../http/api-errors.decorator';
import { API_KEY_SCOPE, API_KEY_SCOPE_EXTENSION, ApiKeyAccess } from './api-key-access.decorator';
import { ApiKeyScope } from './api-key-scopes';
import { Auth, Public } from './auth.decorators';
import { PublicWithOptionalUser } from './optional-user';
import { Role } from './roles';

/** Applies decorators to a fresh method, top first (as they are written above it), and returns the handler. */
function decorate(...decorators: MethodDecorator[]): object {
  const handler = function handler() {};
  const descriptor: PropertyDescriptor = { value: handler };
  for (const d of [...decorators].reverse()) d({}, 'handler', descriptor);
  return handler;
}

describe('@ApiKeyAccess', () => {
  it('adds the scope, the key security requirement and the key codes to a signed-in route', () => {
    const handler = decorate(ApiKeyAccess(ApiKeyScope.OrdersRead), Auth());
    expect(Reflect.getMetadata(API_KEY_SCOPE, handler)).toBe('orders:read');
    expect(Reflect.getMetadata(DECORATORS.API_OPERATION, handler).security).toEqual([
      { bearer: [] },
      { apiKey: [] },
    ]);
    const extensions = Reflect.getMetadata(DECORATORS.API_EXTENSION, handler);
    expect(extensions[API_KEY_SCOPE_EXTENSION]).toBe('orders:read');
    expect(extensions[ERROR_CODES_EXTENSION]).toEqual(
      expect.arrayContaining(['API_KEY_INVALID', 'API_KEY_REVOKED', 'API_KEY_SCOPE_MISSING']),
    );
    expect(extensions[ERROR_CODES_EXTENSION]).not.toContain('API_KEY_NOT_ACCEPTED');
  });

  it('keeps the anonymous option of a public route that recognises callers', () => {
    const handler = decorate(ApiKeyAccess(ApiKeyScope.EventsRead), PublicWithOptionalUser());
    expect(Reflect.getMetadata(DECORATORS.API_OPERATION, handler).security).toEqual([
      {},
      { bearer: [] },
      { apiKey: [] },
    ]);
  });

  it('refuses admin-only routes and routes that do not declare their callers, at boot', () => {
    expect(() => decorate(ApiKeyAccess(ApiKeyScope.ReportsRead), Auth(Role.Admin))).toThrow(
      /never take keys/,
    );
    expect(() => decorate(ApiKeyAccess(ApiKeyScope.ReportsRead))).toThrow(/must sit above/);
    // Below @Auth it would be overwritten: refused too.
    expect(() => decorate(Auth(), ApiKeyAccess(ApiKeyScope.ReportsRead))).toThrow(/must sit above/);
    expect(() =>
      decorate(ApiKeyAccess(ApiKeyScope.EventsWrite), Auth(Role.Promoter, Role.Admin)),
    ).not.toThrow();
    expect(() => decorate(ApiKeyAccess(ApiKeyScope.EventsRead), Public())).toThrow(/must sit above/);
  });
});
