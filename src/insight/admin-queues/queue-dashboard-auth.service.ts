import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { AccessTokenClaims, AccessTokenService } from '../../accounts/auth/access-token.service';
import { Revocations } from '../../accounts/auth/revocations.service';
import { SecondFactorPolicy } from '../../accounts/auth/mfa/second-factor.policy';
import { Role } from '../../platform/auth/roles';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import {
  QUEUE_SESSION_COOKIE,
  QUEUE_SESSION_TTL_SECONDS,
  readBearer,
  readCookie,
} from './queue-session-cookie';

/**
 * The claims of a dashboard session token: the admin (with the claims of the access token that opened the
 * session, its `jti` included), so it is checked against the same revocations as that token.
 */
type QueueSessionClaims = AccessTokenClaims;

export interface QueueSession {
  token: string;
  expiresAt: Date;
}

const SIGN_IN_HINT =
  'Sign in as an admin: POST /api/v1/admin/queues/session sets the dashboard cookie, ' +
  'or send Authorization: Bearer <accessToken>';

function hasClaims(claims: Partial<QueueSessionClaims>): claims is QueueSessionClaims {
  return (
    typeof claims.sub === 'string' &&
    typeof claims.jti === 'string' &&
    typeof claims.email === 'string' &&
    typeof claims.role === 'string' &&
    typeof claims.iat === 'number' &&
    typeof claims.exp === 'number'
  );
}

/**
 * Who may open the bull-board dashboard. A browser cannot send a bearer header when it navigates, so an admin
 * exchanges their access token for a short-lived signed cookie (a JWT with its own audience). The cookie carries
 * the access token's `jti`: logging out (which denylists that jti), disabling the account, "revoke every session"
 * or losing the admin role all close the dashboard too, because every request re-runs the access token's checks.
 * JWT times are wall-clock seconds, like the access token's.
 */
@Injectable()
export class QueueDashboardAuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly accessTokens: AccessTokenService,
    private readonly revocations: Revocations,
    private readonly secondFactor: SecondFactorPolicy,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Signs a session for this admin (the guard has checked the role) and audits it. */
  async issue(admin: AuthUser, meta: RequestMeta): Promise<QueueSession> {
    const now = Math.floor(Date.now() / 1000);
    const exp = Math.min(now + QUEUE_SESSION_TTL_SECONDS, admin.exp);
    const claims: QueueSessionClaims = {
      sub: admin.id,
      role: admin.role,
      email: admin.email,
      jti: admin.jti,
      iat: now,
      exp,
      // Ending the session that opened the dashboard closes it too.
      ...(admin.sessionId ? { sid: admin.sessionId } : {}),
      ...(admin.secondFactor ? { mfa: true } : {}),
    };
    const token = this.jwt.sign(claims);
    const expiresAt = new Date(exp * 1000);
    await this.audit.record(this.dataSource.manager, {
      actorId: admin.id,
      action: 'admin.queue_session_issued',
      entityType: 'user',
      entityId: admin.id,
      meta,
      after: { expiresAt: expiresAt.toISOString() },
    });
    return { token, expiresAt };
  }

  /**
   * Lets a dashboard request through for an active admin. Requests that change something (retry, promote,
   * clean, pause, empty, ...) are admin actions, so each is audited before bull-board runs it.
   */
  async admit(req: Request): Promise<AuthUser> {
    const admin = this.authenticate(req);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // Paths are relative to the mount: /api/queues/<queue>/<job>/retry; /api/queues/pause covers every queue.
      const queue = /^\/api\/queues\/([^/]+)\/./.exec(req.path)?.[1];
      await this.audit.record(this.dataSource.manager, {
        actorId: admin.id,
        action: 'admin.queue_action',
        entityType: 'queue',
        entityId: queue ? decodeURIComponent(queue) : null,
        meta: { ip: req.ip, userAgent: req.get('user-agent') ?? undefined },
        after: { method: req.method, path: req.path },
      });
    }
    return admin;
  }

  /** The admin behind a dashboard request: a bearer access token, or else the session cookie. */
  authenticate(req: Request): AuthUser {
    const bearer = readBearer(req);
    const cookie = readCookie(req, QUEUE_SESSION_COOKIE);
    let claims: AccessTokenClaims;
    if (bearer) claims = this.accessTokens.verify(bearer);
    else if (cookie) claims = this.verify(cookie);
    else throw new DomainError('UNAUTHENTICATED', SIGN_IN_HINT);
    const user = this.revocations.authenticate(claims);
    if (user.role !== Role.Admin)
      throw new DomainError('FORBIDDEN', 'The queue dashboard is for admins only');
    this.secondFactor.assertMayActAsAdmin(user);
    return user;
  }

  /** Checks the session cookie's signature, expiry, issuer and audience. */
  private verify(token: string): AccessTokenClaims {
    const what = 'dashboard session';
    let claims: Partial<QueueSessionClaims>;
    try {
      claims = this.jwt.verify<Partial<QueueSessionClaims>>(token);
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new DomainError(
        'TOKEN_INVALID',
        `The ${what} is ${expired ? 'expired' : 'invalid'}. ${SIGN_IN_HINT}`,
        expired ? { reason: 'expired' } : undefined,
      );
    }
    if (!hasClaims(claims)) throw new DomainError('TOKEN_INVALID', `The ${what} is missing claims`);
    return claims as AccessTokenClaims;
  }
}
