import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser, RequestMeta } from '../../../platform/auth/auth-user';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import { DomainError } from '../../../platform/errors/domain-error';
import { OutboxService } from '../../../platform/outbox/outbox.service';
import { hashToken, newOpaqueToken } from '../../auth/token-crypto';
import { User } from '../user.entity';
import { UsersService } from '../users.service';
import { EmailVerificationToken } from './email-verification-token.entity';

/** How long a verification link works. */
export const EMAIL_VERIFICATION_TTL_MS = 48 * 3600 * 1000;

/**
 * Email verification: registration sends a single-use link; following it marks the address verified. Until
 * then, where REQUIRE_VERIFIED_EMAIL is on (production by default), the user may browse and hold tickets but
 * not pay or apply as a promoter. Resending waits EMAIL_VERIFICATION_RESEND_SECONDS between two emails.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Writes a new link to the outbox, in the caller's transaction (registration, resend). */
  async send(m: EntityManager, user: Pick<User, 'id' | 'email' | 'name'>): Promise<void> {
    const token = newOpaqueToken();
    const expiresAt = new Date(this.clock.now().getTime() + EMAIL_VERIFICATION_TTL_MS);
    await m.insert(EmailVerificationToken, {
      userId: user.id,
      email: user.email,
      tokenHash: hashToken(token),
      expiresAt,
    });
    await this.outbox.enqueue(m, {
      to: user.email,
      template: 'email-verification',
      data: {
        name: user.name,
        verifyUrl: `${this.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`,
        token,
        expiresAt: expiresAt.toISOString(),
      },
    });
  }

  /**
   * Spends a link's token (one conditional UPDATE, so it works once) and marks the address verified. A link
   * sent to an address the account no longer has is refused.
   */
  async verify(token: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const result = await m
        .createQueryBuilder()
        .update(EmailVerificationToken)
        .set({ usedAt: now })
        .where('token_hash = :hash AND used_at IS NULL AND expires_at > :now', {
          hash: hashToken(token),
          now,
        })
        .returning('user_id, email')
        .execute();
      const row = (result.raw as Array<{ user_id: string; email: string }>)[0];
      const user = row ? await this.users.lockById(m, row.user_id) : null;
      if (!user || user.email !== row?.email) {
        throw new DomainError(
          'EMAIL_VERIFICATION_INVALID',
          'The verification link is invalid, used or expired',
        );
      }
      if (user.emailVerifiedAt) return;
      await m.update(User, { id: user.id }, { emailVerifiedAt: now });
      await this.users.recordAudit(m, 'auth.email_verified', user, meta, { email: user.email });
    });
  }

  /** Sends a new link to the caller: 409 when already verified, 429 when the last one is too recent. */
  async resend(caller: AuthUser, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      // The row lock makes two concurrent resends take turns, so the wait cannot be raced.
      const user = await this.users.lockById(m, caller.id);
      if (!user) throw new DomainError('TOKEN_INVALID', 'The account no longer exists');
      if (user.emailVerifiedAt) {
        throw new DomainError('EMAIL_ALREADY_VERIFIED', 'The email address is already verified');
      }
      const last = await m.findOne(EmailVerificationToken, {
        where: { userId: user.id },
        order: { createdAt: 'DESC' },
      });
      const waitMs = this.config.auth.emailVerificationResendSeconds * 1000;
      const elapsed = last ? this.clock.now().getTime() - last.createdAt.getTime() : Infinity;
      if (elapsed < waitMs) {
        const retryAfter = Math.ceil((waitMs - elapsed) / 1000);
        throw new DomainError(
          'RATE_LIMITED',
          `A verification email was sent moments ago; retry in ${retryAfter} s`,
          {
            policy: 'email-verification',
            limit: 1,
            windowSeconds: this.config.auth.emailVerificationResendSeconds,
            retryAfterSeconds: retryAfter,
          },
          { 'Retry-After': String(retryAfter) },
        );
      }
      await this.send(m, user);
      await this.users.recordAudit(m, 'auth.email_verification_resent', user, meta);
    });
  }

  /** Whether the user may pay and apply as a promoter: always where verification is not required. */
  async isCleared(userId: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    if (!this.config.auth.requireVerifiedEmail) return true;
    const user = await m.findOne(User, {
      where: { id: userId },
      select: { id: true, emailVerifiedAt: true },
    });
    return Boolean(user?.emailVerifiedAt);
  }

  /** 403 EMAIL_NOT_VERIFIED unless the user may pay and apply as a promoter. */
  async assertCleared(userId: string, what: string, m?: EntityManager): Promise<void> {
    if (await this.isCleared(userId, m)) return;
    throw new DomainError(
      'EMAIL_NOT_VERIFIED',
      `Verify your email address before you ${what}: follow the emailed link, or send a new one with ` +
        'POST /auth/verify-email/resend',
    );
  }
}
