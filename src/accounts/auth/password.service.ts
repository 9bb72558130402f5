import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { AppConfig } from '../../platform/config/app-config';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { User, UserStatus } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthSessionDto } from './dto/auth-session.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { PasswordResetToken } from './password-reset-token.entity';
import { SessionsService } from './sessions.service';
import { hashToken, newOpaqueToken } from './token-crypto';

/** How long a reset link works. Short: the link travels by email. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/** Forgot, reset and change password. A reset or a change signs the user out everywhere. */
@Injectable()
export class PasswordService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly notifications: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Emails a single-use reset link when an active account has this email. The caller always gets the same
   * answer, so this cannot be used to find out who has an account.
   */
  async forgot(email: string, meta: RequestMeta): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.status !== UserStatus.Active) return;
    const token = newOpaqueToken();
    const expiresAt = new Date(this.clock.now().getTime() + PASSWORD_RESET_TTL_MS);
    await this.dataSource.transaction(async (m) => {
      await m.insert(PasswordResetToken, { userId: user.id, tokenHash: hashToken(token), expiresAt });
      await this.notifications.enqueue(m, {
        to: user.email,
        template: 'password-reset',
        data: {
          name: user.name,
          resetUrl: `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
          token,
          expiresAt: expiresAt.toISOString(),
        },
      });
      await this.users.recordAudit(m, 'auth.password_reset_requested', user, meta);
    });
  }

  /** Sets a new password with a reset token, unlocks the account and revokes every session. */
  async reset(dto: ResetPasswordDto, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const user = await this.consumeResetToken(m, dto.token);
      // A weak password throws here and rolls back, so the token survives for a second try.
      await this.users.setPassword(m, user, dto.password);
      await m.update(PasswordResetToken, { userId: user.id, usedAt: IsNull() }, { usedAt: this.clock.now() });
      await this.sessions.revokeAll(m, user.id);
      await this.users.recordAudit(m, 'auth.password_reset', user, meta);
    });
  }

  /** Changes the caller's password, revokes every session, and answers with a fresh one for this device. */
  async change(caller: AuthUser, dto: ChangePasswordDto, meta: RequestMeta): Promise<AuthSessionDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new DomainError('TOKEN_INVALID', 'The account no longer exists');
    if (!(await this.users.verifyPassword(user, dto.currentPassword))) {
      throw new DomainError('INVALID_CREDENTIALS', 'The current password is wrong');
    }
    return this.dataSource.transaction(async (m) => {
      await this.users.setPassword(m, user, dto.newPassword);
      user.sessionsRevokedAt = await this.sessions.revokeAll(m, user.id);
      await this.users.recordAudit(m, 'auth.password_changed', user, meta);
      return this.sessions.issue(m, user, meta);
    });
  }

  /** Marks the token used in one conditional UPDATE, so two concurrent resets cannot both use it. */
  private async consumeResetToken(m: EntityManager, token: string): Promise<User> {
    const now = this.clock.now();
    const result = await m
      .createQueryBuilder()
      .update(PasswordResetToken)
      .set({ usedAt: now })
      .where('token_hash = :hash AND used_at IS NULL AND expires_at > :now', { hash: hashToken(token), now })
      .returning('user_id')
      .execute();
    const userId = (result.raw as Array<{ user_id: string }>)[0]?.user_id;
    const user = userId ? await this.users.findById(userId, m) : null;
    if (!user || user.status !== UserStatus.Active) {
      throw new DomainError('PASSWORD_RESET_INVALID', 'The reset link is invalid, used or expired');
    }
    return user;
  }
}
