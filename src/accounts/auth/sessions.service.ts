import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { UserDto } from '../users/dto/user.dto';
import { User, UserStatus } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import { AuthSessionDto } from './dto/auth-session.dto';
import { RefreshTokenService } from './refresh-token.service';
import { Revocations } from './revocations.service';

type RefreshOutcome = { session: AuthSessionDto } | { refused: 'invalid' | 'reused' };

/** Sessions: issuing token pairs, refresh rotation with reuse detection, logout and "sign out everywhere". */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocations: Revocations,
  ) {}

  /** A new session (new refresh-token family) for a user who just proved who they are. */
  async issue(manager: EntityManager, user: User): Promise<AuthSessionDto> {
    const refreshToken = await this.refreshTokens.issue(manager, user.id);
    return { user: UserDto.from(user), ...this.accessTokens.sign(user), refreshToken };
  }

  /**
   * Rotates a refresh token. A token that was already used or revoked is a sign of theft: the whole family is
   * revoked (committed before the 401) and the event audited.
   */
  async refresh(token: string, meta: RequestMeta): Promise<AuthSessionDto> {
    const outcome = await this.dataSource.transaction(async (m): Promise<RefreshOutcome> => {
      const replacementId = randomUUID();
      const consumed = await this.refreshTokens.consume(m, token, replacementId);
      if (consumed) {
        const user = await this.users.findById(consumed.userId, m);
        // Throwing rolls the rotation back; a disabled user's tokens were revoked when they were disabled.
        if (!user || user.status !== UserStatus.Active) throw tokenInvalid('The account cannot sign in');
        const refreshToken = await this.refreshTokens.issue(m, user.id, consumed.familyId, replacementId);
        return { session: { user: UserDto.from(user), ...this.accessTokens.sign(user), refreshToken } };
      }
      const known = await this.refreshTokens.find(m, token);
      if (!known?.revokedAt) return { refused: 'invalid' };
      await this.refreshTokens.revokeFamily(m, known.familyId);
      await this.users.recordAudit(m, 'auth.refresh_reuse_detected', { id: known.userId }, meta, {
        familyId: known.familyId,
      });
      return { refused: 'reused' };
    });
    if ('session' in outcome) return outcome.session;
    if (outcome.refused === 'reused') {
      throw new DomainError(
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already used; every session of this sign-in is revoked',
      );
    }
    throw tokenInvalid('The refresh token is unknown or expired');
  }

  /** Ends this session: the access token is revoked everywhere, and the refresh token's family when given. */
  async logout(user: AuthUser, refreshToken?: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.revocations.logout(m, user);
      if (!refreshToken) return;
      const known = await this.refreshTokens.find(m, refreshToken);
      // Someone else's token is ignored, like an unknown one: logout never reveals anything.
      if (known?.userId === user.id) await this.refreshTokens.revokeFamily(m, known.familyId);
    });
  }

  /**
   * Signs the user out everywhere: every refresh token is revoked, and access tokens issued before now are
   * refused by the guard. Returns the moment, which new tokens must not predate.
   */
  async revokeAll(manager: EntityManager, userId: string): Promise<Date> {
    // Wall-clock time on purpose: it is compared with JWT iat, which is wall-clock.
    const at = new Date();
    await this.refreshTokens.revokeAllForUser(manager, userId);
    await this.users.markSessionsRevoked(manager, userId, at);
    await this.revocations.revokeAll(manager, userId, at);
    return at;
  }
}

function tokenInvalid(message: string): DomainError {
  return new DomainError('TOKEN_INVALID', message);
}
