import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../platform/errors/domain-error';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { PageDto, toPage } from '../../platform/http/page';
import { UserDto } from '../users/dto/user.dto';
import { User, UserStatus } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import { AuthSession } from './auth-session.entity';
import { AuthSessionDto } from './dto/auth-session.dto';
import { SessionDto } from './dto/session.dto';
import { RefreshTokenService } from './refresh-token.service';
import { Revocations } from './revocations.service';

type RefreshOutcome = { session: AuthSessionDto } | { refused: 'invalid' | 'reused' };

const DAY_MS = 24 * 3600 * 1000;

/** What the device said about itself, trimmed to the columns. */
const device = (meta: RequestMeta) => ({
  userAgent: meta.userAgent?.slice(0, 500) ?? null,
  ip: meta.ip?.slice(0, 64) ?? null,
});

/**
 * Sessions: issuing token pairs, refresh rotation with reuse detection, logout and "sign out everywhere", and
 * the owner's list of signed-in devices. A session is one sign-in: its refresh tokens form one family, and its
 * access tokens carry its id as `sid`.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocations: Revocations,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * A new session for a user who just proved who they are, from the device in `meta`. `secondFactor` says the
   * proof included a TOTP or recovery code.
   */
  async issue(
    manager: EntityManager,
    user: User,
    meta: RequestMeta,
    secondFactor = false,
  ): Promise<AuthSessionDto> {
    const id = randomUUID();
    await manager.insert(AuthSession, {
      id,
      userId: user.id,
      ...device(meta),
      secondFactor,
      lastUsedAt: this.clock.now(),
    });
    const refreshToken = await this.refreshTokens.issue(manager, user.id, id);
    return { user: UserDto.from(user), ...this.accessTokens.sign(user, { id, secondFactor }), refreshToken };
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
        const session = await this.touch(m, consumed.familyId, meta);
        const refreshToken = await this.refreshTokens.issue(m, user.id, consumed.familyId, replacementId);
        const access = this.accessTokens.sign(user, { id: session.id, secondFactor: session.secondFactor });
        return { session: { user: UserDto.from(user), ...access, refreshToken } };
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

  /** The caller's live sessions, most recently used first, the one making the request marked `current`. */
  async list(caller: AuthUser, query: PageQueryDto, meta: RequestMeta): Promise<PageDto<SessionDto>> {
    const [sessions, total] = await this.dataSource.manager.findAndCount(AuthSession, {
      where: { userId: caller.id, revokedAt: IsNull(), lastUsedAt: MoreThan(this.liveSince()) },
      order: { lastUsedAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    await this.users.recordAudit(this.dataSource.manager, 'auth.sessions_listed', caller, meta, { total });
    return toPage(
      sessions.map((s) => SessionDto.from(s, s.id === caller.sessionId)),
      total,
      query,
    );
  }

  /**
   * Ends one of the caller's sessions: its refresh tokens are revoked and its access tokens refused everywhere.
   * Someone else's session, or one already ended, answers 404.
   */
  async end(caller: AuthUser, sessionId: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const session = await m.findOne(AuthSession, {
        where: { id: sessionId, userId: caller.id, revokedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session) throw DomainError.notFound('Session', sessionId);
      await this.refreshTokens.revokeFamily(m, session.id);
      await this.revocations.endSession(m, caller.id, session.id);
      await this.users.recordAudit(m, 'auth.session_ended', caller, meta, {
        sessionId: session.id,
        current: session.id === caller.sessionId,
      });
    });
  }

  /** Records a refresh: the session was used now, from this device. */
  private async touch(m: EntityManager, sessionId: string, meta: RequestMeta): Promise<AuthSession> {
    await m.update(AuthSession, { id: sessionId }, { ...device(meta), lastUsedAt: this.clock.now() });
    return m.findOneByOrFail(AuthSession, { id: sessionId });
  }

  /** Sessions unused for longer than a refresh token lives cannot be resumed: they are not listed. */
  private liveSince(): Date {
    return new Date(this.clock.now().getTime() - this.config.auth.refreshTtlDays * DAY_MS);
  }
}

function tokenInvalid(message: string): DomainError {
  return new DomainError('TOKEN_INVALID', message);
}
