import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Role } from './roles';
import { ApiErrors, ApiSecurityRequirements } from '../http/api-errors.decorator';
import { AuthUser, RequestMeta } from './auth-user';

export const IS_PUBLIC = 'auth:isPublic';
export const ROLES = 'auth:roles';

/** The security scheme of user access tokens in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/**
 * A route anyone may call, on purpose: `security: []` in the document. `optionalCredential` names a security
 * scheme the route also accepts (a signed-in user's token, a metrics token), documented as anonymous-or-that.
 */
export const Public = (options: { optionalCredential?: string } = {}) =>
  applyDecorators(
    SetMetadata(IS_PUBLIC, true),
    ApiSecurityRequirements(options.optionalCredential ? [{}, { [options.optionalCredential]: [] }] : []),
  );

/**
 * Who may call this route: any signed-in user (`@Auth()`) or only the listed roles (`@Auth(Role.Admin)`).
 * It also documents the bearer security and the 401 (and 403) codes in the OpenAPI document. An API key is
 * refused (`API_KEY_NOT_ACCEPTED`) unless `@ApiKeyAccess(scope)` sits above this decorator.
 */
export function Auth(...roles: Role[]) {
  return applyDecorators(
    SetMetadata(ROLES, roles),
    ApiSecurityRequirements([{ [BEARER_SCHEME]: [] }]),
    ApiErrors(
      'UNAUTHENTICATED',
      'TOKEN_INVALID',
      'API_KEY_NOT_ACCEPTED',
      ...(roles.length > 0 ? (['FORBIDDEN'] as const) : []),
      // Admins without a second factor, where two-factor is required for them (RolesGuard).
      ...(roles.includes(Role.Admin) ? (['MFA_REQUIRED'] as const) : []),
    ),
  );
}

/** The signed-in caller. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser =>
    ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user,
);

/** The caller's IP and user agent, for audit entries. */
export const ReqMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return { ip: req.ip, userAgent: req.get('user-agent') ?? undefined };
});
