import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Role } from './roles';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { AuthUser, RequestMeta } from './auth-user';

export const IS_PUBLIC = 'auth:isPublic';
export const ROLES = 'auth:roles';

/** A route anyone may call, on purpose. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Who may call this route: any signed-in user (`@Auth()`) or only the listed roles (`@Auth(Role.Admin)`).
 * It also documents the bearer security and the 401/403 answers in Swagger.
 */
export function Auth(...roles: Role[]) {
  const decorators = [
    SetMetadata(ROLES, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid access token', type: ErrorResponseDto }),
  ];
  if (roles.length > 0) {
    decorators.push(
      ApiForbiddenResponse({ description: `Only for: ${roles.join(', ')}`, type: ErrorResponseDto }),
    );
  }
  return applyDecorators(...decorators);
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
