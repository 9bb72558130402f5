import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { OPTIONAL_USER } from '../../platform/auth/optional-user';
import { DomainError } from '../../platform/errors/domain-error';
import { AccessTokenService } from './access-token.service';
import { Revocations } from './revocations.service';

const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/;

/**
 * The global authentication guard. Every route needs a valid access token unless it is marked `@Public()`:
 * a route that forgets its decorator is closed, not open. The signature is checked with a KeyObject; what a
 * signature cannot tell (a logout, revoked sessions, a disabled account, a changed role) comes from the
 * in-memory revocations, so no request reads the database or Redis to authenticate.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
    private readonly revocations: Revocations,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      // A public route signs in a caller only if it asks to (members see more), and only when a token is sent.
      if (!header || !this.reflector.getAllAndOverride<boolean>(OPTIONAL_USER, targets)) return true;
    }
    if (!header) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <accessToken>');
    }
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw new DomainError('TOKEN_INVALID', 'The access token is malformed or its signature is wrong');
    req.user = this.revocations.authenticate(this.accessTokens.verify(token));
    return true;
  }
}
