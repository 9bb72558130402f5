import { Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Role } from '../../platform/auth/roles';
import { AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../platform/errors/domain-error';
import { User } from '../users/user.entity';

/** The claims of an access token: what the guard needs, so authentication reads no database row. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  email: string;
  jti: string;
  iat: number;
  exp: number;
  /** The session id (`AuthSession.id`). */
  sid?: string;
  /** Present and true when the sign-in passed a second factor. */
  mfa?: boolean;
}

/** The session an access token belongs to. */
export interface TokenSession {
  id: string;
  secondFactor: boolean;
}

export const JWT_ISSUER = 'ticket-vendor-api';
export const JWT_AUDIENCE = 'ticket-vendor-api';

const ROLES = new Set<string>(Object.values(Role));

/**
 * Signs and verifies access JWTs (HS256 only: `alg: none` and every other algorithm are refused). The secret is
 * a `KeyObject` made once: given a string, `jsonwebtoken` would try to parse it as a public key on every call.
 * JWT times (iat, exp) are wall-clock seconds, so this class reads `Date.now()` rather than the test Clock.
 */
@Injectable()
export class AccessTokenService {
  private readonly key: KeyObject;

  constructor(private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
  }

  sign(
    user: Pick<User, 'id' | 'role' | 'email' | 'sessionsRevokedAt'>,
    session?: TokenSession,
  ): {
    accessToken: string;
    expiresIn: number;
  } {
    const now = Math.floor(Date.now() / 1000);
    // A token issued in the same second as a "revoke every session" must still count as newer than it: the guard
    // refuses tokens whose iat is before the revocation, and iat has only whole seconds.
    const revokedAt = user.sessionsRevokedAt ? Math.ceil(user.sessionsRevokedAt.getTime() / 1000) : 0;
    const claims = {
      sub: user.id,
      role: user.role,
      email: user.email,
      jti: randomUUID(),
      iat: Math.max(now, revokedAt),
      ...(session ? { sid: session.id, ...(session.secondFactor ? { mfa: true } : {}) } : {}),
    };
    const accessToken = jwt.sign(claims, this.key, {
      algorithm: 'HS256',
      expiresIn: this.config.auth.accessTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    return { accessToken, expiresIn: this.config.auth.accessTtlSeconds };
  }

  /** The claims of a genuine, unexpired token; 401 TOKEN_INVALID otherwise, saying why. */
  verify(token: string): AccessTokenClaims {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      }) as Partial<AccessTokenClaims>;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) {
        throw new DomainError('TOKEN_INVALID', 'The access token has expired; refresh it', {
          reason: 'expired',
        });
      }
      throw new DomainError('TOKEN_INVALID', 'The access token is malformed or its signature is wrong');
    }
    const { sub, role, email, jti, iat, exp, sid, mfa } = claims;
    if (
      typeof sub !== 'string' ||
      typeof jti !== 'string' ||
      typeof email !== 'string' ||
      typeof role !== 'string' ||
      !ROLES.has(role) ||
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      (sid !== undefined && typeof sid !== 'string') ||
      (mfa !== undefined && mfa !== true)
    ) {
      throw new DomainError('TOKEN_INVALID', 'The access token is missing claims');
    }
    return { sub, role, email, jti, iat, exp, sid, mfa };
  }
}
