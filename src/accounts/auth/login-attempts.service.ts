import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { User, UserStatus } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthSessionDto } from './dto/auth-session.dto';
import { SessionsService } from './sessions.service';

const MINUTE_MS = 60_000;

/** Why a sign-in step failed, as audited. */
export type SignInFailure = 'wrong_password' | 'wrong_code';

/**
 * The lockout both sign-in steps share: a wrong password and a wrong two-factor code count alike, so a stolen
 * password does not buy unlimited guesses at the code. The count is cleared only when the whole sign-in succeeds.
 */
@Injectable()
export class LoginAttempts {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  blockedReason(user: User): 'disabled' | 'locked' | null {
    if (user.status !== UserStatus.Active || user.deletedAt) return 'disabled';
    if (user.lockedUntil && user.lockedUntil > this.clock.now()) return 'locked';
    return null;
  }

  /** Counts one failure towards the lockout and audits it (and the lockout, when this one locks). */
  async recordFailure(m: EntityManager, user: User, meta: RequestMeta, reason: SignInFailure): Promise<void> {
    const { maxFailedLogins, lockoutMinutes } = this.config.auth;
    const lockUntil = new Date(this.clock.now().getTime() + lockoutMinutes * MINUTE_MS);
    const locked = await this.users.recordFailedLogin(m, user.id, maxFailedLogins, lockUntil);
    await this.users.recordAudit(m, 'auth.login_failed', user, meta, { reason });
    if (locked) {
      await this.users.recordAudit(m, 'auth.locked_out', user, meta, {
        lockedUntil: lockUntil.toISOString(),
        failures: maxFailedLogins,
      });
    }
  }

  /** The sign-in is complete: the count is cleared, the success audited and a session issued. */
  async succeed(
    m: EntityManager,
    user: User,
    meta: RequestMeta,
    secondFactor?: 'totp' | 'recovery_code',
  ): Promise<AuthSessionDto> {
    await this.users.clearFailedLogins(m, user);
    await this.users.recordAudit(
      m,
      'auth.login_succeeded',
      user,
      meta,
      secondFactor ? { secondFactor } : undefined,
    );
    return this.sessions.issue(m, user, meta, secondFactor !== undefined);
  }
}
