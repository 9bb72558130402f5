import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { API_KEY_SCOPE } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { IS_PUBLIC } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { OPTIONAL_USER } from '../../platform/auth/optional-user';
import { Role } from '../../platform/auth/roles';
import { DomainError } from '../../platform/errors/domain-error';
import { API_KEY_TOKEN_PREFIX } from '../api-keys/api-key-token';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AccessTokenService } from './access-token.service';
import { Revocations } from './revocations.service';

const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/;
const BEARER_API_KEY = new RegExp(`^Bearer (${API_KEY_TOKEN_PREFIX}\\S*)$`);
/** The header an integration may send its API key in, instead of `Authorization: Bearer tvk_…`. */
export const API_KEY_HEADER = 'x-api-key';

type AuthRequest = Request & { user?: AuthUser };

/** The API key a request presents (`Authorization: Bearer tvk_…`, else `X-API-Key`), or undefined. */
function presentedApiKey(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) return BEARER_API_KEY.exec(authorization)?.[1];
  const header = req.headers[API_KEY_HEADER];
  return typeof header === 'string' ? header : undefined;
}

/**
 * The global authentication guard. Every route needs a valid access token unless it is marked `@Public()`:
 * a route that forgets its decorator is closed, not open. The signature is checked with a KeyObject; what a
 * signature cannot tell (a logout, revoked sessions, a disabled account, a changed role) comes from the
 * in-memory revocations, so no request reads the database or Redis to authenticate.
 *
 * It also takes promoters' API keys, but only on routes marked `@ApiKeyAccess(scope)` and only for keys that
 * have that scope; a key then acts as a manager of its own promoter (`AuthUser.apiKey`). A key costs one indexed
 * read per request (revocation is immediate on every instance), plus a write at most once a minute.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
    private readonly revocations: Revocations,
    private readonly apiKeys: ApiKeysService,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthRequest>();
    const header = req.headers.authorization;
    const apiKey = presentedApiKey(req);
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      // A public route signs in a caller only if it asks to (members see more), and only when a token is sent.
      const credential = header !== undefined || apiKey !== undefined;
      if (!credential || !this.reflector.getAllAndOverride<boolean>(OPTIONAL_USER, targets)) return true;
    }
    if (apiKey !== undefined) return this.authenticateKey(req, apiKey, targets);
    if (!header) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <accessToken>');
    }
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw new DomainError('TOKEN_INVALID', 'The access token is malformed or its signature is wrong');
    req.user = this.revocations.authenticate(this.accessTokens.verify(token));
    return true;
  }

  private async authenticateKey(
    req: AuthRequest,
    token: string,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(API_KEY_SCOPE, targets);
    if (!scope) {
      throw new DomainError('API_KEY_NOT_ACCEPTED', 'This route does not accept API keys; sign in instead');
    }
    const key = await this.apiKeys.authenticate(token);
    if (!key.caller.scopes.includes(scope)) {
      throw new DomainError('API_KEY_SCOPE_MISSING', `This route needs an API key with the ${scope} scope`, {
        requiredScope: scope,
        keyScopes: key.caller.scopes,
      });
    }
    await this.apiKeys.markUsed(key);
    req.user = {
      id: key.caller.id,
      email: '',
      role: Role.Promoter,
      jti: key.caller.id,
      exp: 0,
      apiKey: key.caller,
    };
    return true;
  }
}
