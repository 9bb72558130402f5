import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../platform/auth/auth-user';
import { Role } from '../../platform/auth/roles';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { afterCommit } from '../../platform/database/after-commit';
import { DomainError } from '../../platform/errors/domain-error';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { Sweep } from '../../platform/jobs/job.decorators';
import type { RedisClient } from '../../platform/redis/redis-connections';
import { RedisConnections } from '../../platform/redis/redis-connections';
import { REDIS } from '../../platform/redis/redis.module';
import { AccessRevocation, RevocationKind } from './access-revocation.entity';
import type { AccessTokenClaims } from './access-token.service';

/** The pub/sub channel every instance listens on. */
export const REVOCATIONS_CHANNEL = 'auth:revocations';

/** A revocation as it travels: the row's fields, times in milliseconds. */
interface Change {
  kind: RevocationKind;
  userId: string;
  jti: string | null;
  sessionId?: string | null;
  role: Role | null;
  effectiveAt: number;
  expiresAt: number;
}

interface RevocationRow {
  kind: RevocationKind;
  user_id: string;
  jti: string | null;
  session_id: string | null;
  role: Role | null;
  effective_at: Date;
  expires_at: Date;
}

const fromRow = (r: RevocationRow): Change => ({
  kind: r.kind,
  userId: r.user_id,
  jti: r.jti,
  sessionId: r.session_id,
  role: r.role,
  effectiveAt: r.effective_at.getTime(),
  expiresAt: r.expires_at.getTime(),
});

/** How far back a poll looks before its last start, to catch rows whose transaction committed late. */
const POLL_OVERLAP_MS = 30_000;

const invalid = (message: string) => new DomainError('TOKEN_INVALID', message);

/**
 * Authenticates access tokens with no database read per request. Every instance keeps the unexpired
 * revocations in memory: loaded from Postgres at boot, applied locally when this instance makes one, received
 * from the others over Redis pub/sub, and re-read from Postgres on a short poll and after every Redis reconnect,
 * so a lost message or an emptied Redis delays nothing for long and forgets nothing. Postgres is the record.
 *
 * Only the last access-token lifetime matters (older tokens have expired), so the memory is small.
 */
@Injectable()
export class Revocations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Revocations.name);
  /** Logged-out token ids, with the token's expiry. */
  private readonly denied = new Map<string, number>();
  /** Ended sessions (a token's `sid`), with the expiry of the last access token they could have issued. */
  private readonly endedSessions = new Map<string, number>();
  /** Per user: tokens issued before `at` (ms) are refused. */
  private readonly revokedBefore = new Map<string, { at: number; expiresAt: number }>();
  /** Per user: tokens issued before `since` (ms) act with `role`. */
  private readonly roles = new Map<string, { role: Role; since: number; expiresAt: number }>();
  private subscriber?: RedisClient;
  private pollTimer?: NodeJS.Timeout;
  private lastPollStart = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly connections: RedisConnections,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.subscriber = this.connections.openSubscriber();
    this.subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
    // After a reconnect, messages sent meanwhile are lost: read the record again.
    this.subscriber.on('ready', () => void this.reload().catch((err: unknown) => this.warn(err, 'reload')));
    this.subscriber.on('error', (err: unknown) => this.warn(err, 'subscriber'));
    await this.subscriber.subscribe(REVOCATIONS_CHANNEL).catch((err: unknown) => this.warn(err, 'subscribe'));
    this.pollTimer = setInterval(
      () => void this.poll().catch((err: unknown) => this.warn(err, 'poll')),
      this.config.auth.revocationPollSeconds * 1000,
    );
    this.pollTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.subscriber?.disconnect();
  }

  /**
   * What a verified token may do now: refused if it was logged out, or issued before its user's sessions were
   * revoked; otherwise the caller, with the role the user has now.
   */
  authenticate(claims: AccessTokenClaims): AuthUser {
    const issuedAt = claims.iat * 1000;
    const expiry = this.denied.get(claims.jti);
    if (expiry !== undefined) throw invalid('The access token was revoked by a logout');
    if (claims.sid && this.endedSessions.has(claims.sid))
      throw invalid('The session was ended; sign in again');
    const revoked = this.revokedBefore.get(claims.sub);
    if (revoked && issuedAt < revoked.at) throw invalid('The session was revoked; sign in again');
    const changed = this.roles.get(claims.sub);
    // iat has whole seconds: a token of the same second as the change may predate it, so it gets the new role.
    const role = changed && issuedAt <= changed.since ? changed.role : claims.role;
    return {
      id: claims.sub,
      email: claims.email,
      role,
      jti: claims.jti,
      exp: claims.exp,
      sessionId: claims.sid,
      secondFactor: claims.mfa === true,
    };
  }

  /** Logout, in the caller's transaction: this access token is refused from the commit on, everywhere. */
  logout(manager: EntityManager, user: AuthUser): Promise<void> {
    return this.record(manager, {
      kind: RevocationKind.Logout,
      userId: user.id,
      jti: user.jti,
      role: null,
      effectiveAt: this.clock.now().getTime(),
      expiresAt: user.exp * 1000,
    });
  }

  /** Every access token of this session is refused, from the commit on, everywhere. */
  endSession(manager: EntityManager, userId: string, sessionId: string): Promise<void> {
    const now = this.clock.now().getTime();
    return this.record(manager, {
      kind: RevocationKind.Session,
      userId,
      jti: null,
      sessionId,
      role: null,
      effectiveAt: now,
      // Wall-clock, like the expiry of the access tokens it outlives.
      expiresAt: Date.now() + this.config.auth.accessTtlSeconds * 1000,
    });
  }

  /** Every access token of the user issued before `at` is refused, from the commit on, everywhere. */
  revokeAll(manager: EntityManager, userId: string, at: Date): Promise<void> {
    return this.record(manager, {
      kind: RevocationKind.RevokeAll,
      userId,
      jti: null,
      role: null,
      effectiveAt: at.getTime(),
      expiresAt: at.getTime() + this.config.auth.accessTtlSeconds * 1000,
    });
  }

  /** The user's role changed: tokens issued before now act with the new one, from the commit on, everywhere. */
  @OnDomainEvent('UserRoleChanged', 'in-transaction')
  roleChanged({ userId, role }: DomainEventMap['UserRoleChanged'], manager: EntityManager): Promise<void> {
    // Wall-clock time, like the iat it is compared with.
    const at = Date.now();
    return this.record(manager, {
      kind: RevocationKind.Role,
      userId,
      jti: null,
      role,
      effectiveAt: at,
      expiresAt: at + this.config.auth.accessTtlSeconds * 1000,
    });
  }

  /** The sweep: rows whose tokens have all expired mean nothing any more. */
  @Sweep({ name: 'access-revocations', everySeconds: 600 })
  async purgeExpired(now: Date): Promise<number> {
    const [, deleted] = (await this.dataSource.query(`DELETE FROM access_revocations WHERE expires_at < $1`, [
      now,
    ])) as [unknown, number];
    return deleted;
  }

  /** Writes the row in the caller's transaction; once it commits, applies it here and tells the others. */
  private async record(manager: EntityManager, change: Change): Promise<void> {
    await manager.insert(AccessRevocation, {
      kind: change.kind,
      userId: change.userId,
      jti: change.jti,
      sessionId: change.sessionId ?? null,
      role: change.role,
      effectiveAt: new Date(change.effectiveAt),
      expiresAt: new Date(change.expiresAt),
    });
    afterCommit(manager, async () => {
      this.apply(change);
      await this.redis.publish(REVOCATIONS_CHANNEL, JSON.stringify(change)).catch((err: unknown) => {
        // The others read it from Postgres on their next poll.
        this.warn(err, 'publish');
      });
    });
  }

  private onMessage(message: string): void {
    try {
      this.apply(JSON.parse(message) as Change);
    } catch (err) {
      this.warn(err, 'message');
    }
  }

  private apply(change: Change): void {
    if (change.expiresAt <= Date.now()) return;
    switch (change.kind) {
      case RevocationKind.Logout:
        if (change.jti) this.denied.set(change.jti, change.expiresAt);
        return;
      case RevocationKind.Session:
        if (change.sessionId) this.endedSessions.set(change.sessionId, change.expiresAt);
        return;
      case RevocationKind.RevokeAll: {
        const known = this.revokedBefore.get(change.userId);
        if (!known || known.at < change.effectiveAt) {
          this.revokedBefore.set(change.userId, { at: change.effectiveAt, expiresAt: change.expiresAt });
        }
        return;
      }
      case RevocationKind.Role: {
        const known = this.roles.get(change.userId);
        if (change.role && (!known || known.since <= change.effectiveAt)) {
          this.roles.set(change.userId, {
            role: change.role,
            since: change.effectiveAt,
            expiresAt: change.expiresAt,
          });
        }
        return;
      }
    }
  }

  /** Every unexpired revocation, from the record. */
  private async reload(): Promise<void> {
    this.lastPollStart = Date.now();
    const rows = (await this.dataSource.query(
      `SELECT kind, user_id, jti, session_id, role, effective_at, expires_at FROM access_revocations
        WHERE expires_at > now()`,
    )) as RevocationRow[];
    rows.map(fromRow).forEach((c) => this.apply(c));
    this.prune();
  }

  /** The rows written since the last poll (with an overlap for late commits), and the expired entries dropped. */
  private async poll(): Promise<void> {
    const since = new Date(this.lastPollStart - POLL_OVERLAP_MS);
    this.lastPollStart = Date.now();
    const rows = (await this.dataSource.query(
      `SELECT kind, user_id, jti, session_id, role, effective_at, expires_at FROM access_revocations
        WHERE created_at >= $1 AND expires_at > now()`,
      [since],
    )) as RevocationRow[];
    rows.map(fromRow).forEach((c) => this.apply(c));
    this.prune();
  }

  private prune(): void {
    const now = Date.now();
    for (const map of [this.revokedBefore, this.roles]) {
      for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
    }
    for (const denied of [this.denied, this.endedSessions]) {
      for (const [key, expiresAt] of denied) if (expiresAt <= now) denied.delete(key);
    }
  }

  private warn(err: unknown, what: string): void {
    this.logger.warn({ err }, `revocations: ${what} failed; the Postgres poll covers it`);
  }
}
