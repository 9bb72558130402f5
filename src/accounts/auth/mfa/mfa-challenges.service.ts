import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../../platform/auth/auth-user';
import { Clock } from '../../../platform/clock/clock';
import { DomainError } from '../../../platform/errors/domain-error';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { AuthSessionDto } from '../dto/auth-session.dto';
import { LoginAttempts } from '../login-attempts.service';
import { hashToken, newOpaqueToken } from '../token-crypto';
import { MfaChallengeDto, VerifyMfaDto } from './dto/mfa.dto';
import { MfaChallenge } from './mfa-challenge.entity';
import { MfaService } from './mfa.service';

/** How long the second step of a sign-in may take. */
export const MFA_CHALLENGE_TTL_SECONDS = 300;

type VerifyOutcome = { session: AuthSessionDto } | { refused: 'challenge' | 'blocked' | 'code' };

/** The second step of a sign-in with two-factor on: a challenge for the right password, spent with a code. */
@Injectable()
export class MfaChallengesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly mfa: MfaService,
    private readonly attempts: LoginAttempts,
    private readonly clock: Clock,
  ) {}

  /** Issues a challenge for a user whose password was right, in the sign-in's transaction. */
  async issue(m: EntityManager, user: User, meta: RequestMeta): Promise<MfaChallengeDto> {
    const challenge = newOpaqueToken();
    const expiresAt = new Date(this.clock.now().getTime() + MFA_CHALLENGE_TTL_SECONDS * 1000);
    await m.insert(MfaChallenge, { userId: user.id, tokenHash: hashToken(challenge), expiresAt });
    await this.users.recordAudit(m, 'auth.mfa_challenge_issued', user, meta);
    return { mfaRequired: true, challenge, expiresIn: MFA_CHALLENGE_TTL_SECONDS };
  }

  /**
   * Completes the sign-in: a live challenge and a fresh code give a session marked as two-factor. A wrong code
   * counts towards the lockout like a wrong password (committed before the 401); the challenge survives it
   * until it expires or the account locks.
   */
  async verify(dto: VerifyMfaDto, meta: RequestMeta): Promise<AuthSessionDto> {
    const outcome = await this.dataSource.transaction(async (m): Promise<VerifyOutcome> => {
      const now = this.clock.now();
      const challenge = await m
        .createQueryBuilder(MfaChallenge, 'c')
        .setLock('pessimistic_write')
        .where('c.token_hash = :hash AND c.used_at IS NULL AND c.expires_at > :now', {
          hash: hashToken(dto.challenge),
          now,
        })
        .getOne();
      if (!challenge) return { refused: 'challenge' };
      const user = await this.users.lockById(m, challenge.userId);
      const blocked = user ? this.attempts.blockedReason(user) : 'disabled';
      if (!user || blocked) {
        await this.users.recordAudit(m, 'auth.login_failed', user, meta, { reason: blocked });
        return { refused: 'blocked' };
      }
      const kind = await this.mfa.spend(m, user.id, dto.code);
      if (!kind) {
        await this.attempts.recordFailure(m, user, meta, 'wrong_code');
        return { refused: 'code' };
      }
      await m.update(MfaChallenge, { id: challenge.id }, { usedAt: now });
      return { session: await this.attempts.succeed(m, user, meta, kind) };
    });
    if ('session' in outcome) return outcome.session;
    switch (outcome.refused) {
      case 'challenge':
        throw new DomainError(
          'MFA_CHALLENGE_INVALID',
          'The sign-in challenge is unknown, used or expired; sign in again',
        );
      case 'blocked':
        throw new DomainError('INVALID_CREDENTIALS', 'The account cannot sign in');
      case 'code':
        throw new DomainError('MFA_CODE_INVALID', 'The code is wrong or was already used');
    }
  }
}
