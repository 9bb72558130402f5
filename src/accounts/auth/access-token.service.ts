import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { REDIS } from '../../platform/redis/redis.module';
import { AppConfig } from '../../platform/config/app-config';
import { User, UserStatus } from '../users/user.entity';
import { Role } from '../../platform/auth/roles';

/** The claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  email: string;
  jti: string;
  iat: number;
  exp: number;
}

export const JWT_ISSUER = 'ticket-vendor-api';
export const JWT_AUDIENCE = 'ticket-vendor-api';

const denyKey = (jti: string) => `auth:denied-jti:${jti}`;
const invalid = (message: string) => new DomainError('TOKEN_INVALID', message);

/**
 * Signs access JWTs and keeps the logout denylist in Redis (shared by every instance).
 * JWT times (iat, exp) are wall-clock seconds, so this class reads `Date.now()` rather than the test Clock.
 */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  sign(user: Pick<User, 'id' | 'role' | 'email' | 'sessionsRevokedAt'>): {
    accessToken: string;
    expiresIn: number;
  } {
    const now = Math.floor(Date.now() / 1000);
    // A token issued in the same second as a "revoke every session" must still count as newer than it: the guard
    // refuses tokens whose iat is before users.sessions_revoked_at, and iat has only whole seconds.
    const revokedAt = user.sessionsRevokedAt ? Math.ceil(user.sessionsRevokedAt.getTime() / 1000) : 0;
    const claims = {
      sub: user.id,
      role: user.role,
      email: user.email,
      jti: randomUUID(),
      iat: Math.max(now, revokedAt),
    };
    return { accessToken: this.jwt.sign(claims), expiresIn: this.config.auth.accessTtlSeconds };
  }

  /** Refuses this token id until the token would have expired anyway. */
  async deny(jti: string, exp: number): Promise<void> {
    const ttl = exp - Math.floor(Date.now() / 1000);
    if (ttl > 0) await this.redis.set(denyKey(jti), '1', 'EX', ttl);
  }

  async isDenied(jti: string): Promise<boolean> {
    return (await this.redis.exists(denyKey(jti))) === 1;
  }

  /**
   * What a valid signature cannot tell: the logout denylist, a disabled or deleted account, and "revoke every
   * session" (a token issued before users.sessions_revoked_at). One primary-key read and one Redis EXISTS, in
   * parallel. The role comes from the row, so a role change applies at once.
   */
  async authenticate(claims: AccessTokenClaims): Promise<AuthUser> {
    const [denied, user] = await Promise.all([
      this.isDenied(claims.jti),
      this.dataSource.getRepository(User).findOne({
        where: { id: claims.sub },
        select: { id: true, email: true, role: true, status: true, sessionsRevokedAt: true },
      }),
    ]);
    if (denied) throw invalid('The access token was revoked by a logout');
    if (!user || user.status !== UserStatus.Active) throw invalid('The account cannot sign in');
    if (user.sessionsRevokedAt && claims.iat * 1000 < user.sessionsRevokedAt.getTime()) {
      throw invalid('The session was revoked; sign in again');
    }
    return { id: user.id, email: user.email, role: user.role, jti: claims.jti, exp: claims.exp };
  }
}
