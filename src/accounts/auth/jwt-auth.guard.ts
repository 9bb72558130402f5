import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { IS_PUBLIC } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { OPTIONAL_USER } from '../../platform/auth/optional-user';
import { DomainError } from '../../platform/errors/domain-error';
import { AccessTokenClaims, AccessTokenService } from './access-token.service';

/**
 * The global authentication guard. Every route needs a valid access token unless it is marked `@Public()`:
 * a route that forgets its decorator is closed, not open. Passport checks the JWT itself; this guard then
 * checks what a signature cannot (logout denylist, disabled account, revoked sessions) and sets `req.user`.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
  ) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request & { user: AccessTokenClaims | AuthUser }>();
    if (isPublic && !(this.optionalUser(context) && req.headers.authorization)) return true;
    await super.canActivate(context);
    req.user = await this.accessTokens.authenticate(req.user as AccessTokenClaims);
    return true;
  }

  /** `@PublicWithOptionalUser()`: a public route that still signs in a caller who sends a token. */
  private optionalUser(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean>(OPTIONAL_USER, [context.getHandler(), context.getClass()]) ??
      false
    );
  }

  /** Turns passport's outcome into the API's error codes. */
  handleRequest<TUser = AccessTokenClaims>(err: unknown, user: TUser | false, info: unknown): TUser {
    if (err instanceof DomainError) throw err;
    if (err) throw new DomainError('TOKEN_INVALID', 'The access token could not be verified');
    if (user) return user;
    const reason = info instanceof Error ? info : undefined;
    if (!reason || reason.message === 'No auth token') {
      throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <accessToken>');
    }
    if (reason.name === 'TokenExpiredError') {
      throw new DomainError('TOKEN_INVALID', 'The access token has expired; refresh it', {
        reason: 'expired',
      });
    }
    throw new DomainError('TOKEN_INVALID', 'The access token is malformed or its signature is wrong');
  }
}
