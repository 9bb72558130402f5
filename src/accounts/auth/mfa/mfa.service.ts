import { Injectable } from '@nestjs/common';
import { toDataURL } from 'qrcode';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import type { AuthUser, RequestMeta } from '../../../platform/auth/auth-user';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import { DomainError } from '../../../platform/errors/domain-error';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { LoginAttempts } from '../login-attempts.service';
import { MfaEnrolmentDto, MfaStatusDto, RecoveryCodesDto } from './dto/mfa.dto';
import { RecoveryCode } from './recovery-code.entity';
import { hashRecoveryCode, isTotpCode, newRecoveryCodes } from './recovery-codes';
import { open, seal } from './secret-box';
import { checkTotp, newTotpSecret, totpUri } from './totp';
import { UserMfa } from './user-mfa.entity';

/** Which second factor a code proved. */
export type SecondFactorKind = 'totp' | 'recovery_code';

const codeInvalid = () =>
  new DomainError('MFA_CODE_INVALID', 'The code is wrong or was already used; try the next one');

/**
 * A user's TOTP authenticator: enrolment (secret, `otpauth://` URI and its QR code), confirmation with a first
 * code (which turns it on and hands out ten recovery codes), checking codes, and turning it off with a fresh
 * code. Every change is audited.
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly attempts: LoginAttempts,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async status(caller: AuthUser): Promise<MfaStatusDto> {
    const mfa = await this.dataSource.manager.findOneBy(UserMfa, { userId: caller.id });
    const enabled = Boolean(mfa?.enabledAt);
    const recoveryCodesLeft = enabled
      ? await this.dataSource.manager.countBy(RecoveryCode, { userId: caller.id, usedAt: IsNull() })
      : 0;
    return { enabled, pendingEnrolment: Boolean(mfa && !mfa.enabledAt), recoveryCodesLeft };
  }

  /** Whether sign-in must ask this user for a code. */
  isEnabled(m: EntityManager, userId: string): Promise<boolean> {
    return m.existsBy(UserMfa, { userId, enabledAt: Not(IsNull()) });
  }

  /** Starts (or restarts) an enrolment with a new secret. Refused while two-factor is on. */
  async enrol(caller: AuthUser, meta: RequestMeta): Promise<MfaEnrolmentDto> {
    const secret = newTotpSecret();
    const user = await this.dataSource.transaction(async (m) => {
      const current = await this.lockRow(m, caller.id);
      if (current?.enabledAt) throw alreadyEnabled();
      const account = await m.findOneByOrFail(User, { id: caller.id });
      await m.upsert(
        UserMfa,
        { userId: caller.id, secretCiphertext: seal(secret, this.key), enabledAt: null, lastTimeStep: null },
        ['userId'],
      );
      await this.users.recordAudit(m, 'auth.mfa_enrolment_started', caller, meta);
      return account;
    });
    const otpauthUri = totpUri(secret, user.email);
    return {
      secret,
      otpauthUri,
      qrCode: await toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2 }),
    };
  }

  /** Confirms the pending enrolment with a first code: two-factor is on, and the recovery codes are shown once. */
  async confirm(caller: AuthUser, code: string, meta: RequestMeta): Promise<RecoveryCodesDto> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const mfa = await this.lockRow(m, caller.id);
      if (mfa?.enabledAt) throw alreadyEnabled();
      if (!mfa) throw notEnabled('No enrolment is waiting: start one with POST /auth/mfa/enrol');
      const step = checkTotp(open(mfa.secretCiphertext, this.key), code, null);
      if (step === null) {
        await this.users.recordAudit(m, 'auth.mfa_confirm_failed', caller, meta);
        return null;
      }
      await m.update(UserMfa, { userId: caller.id }, { enabledAt: this.clock.now(), lastTimeStep: step });
      const recoveryCodes = await this.replaceRecoveryCodes(m, caller.id);
      await this.users.recordAudit(m, 'auth.mfa_enabled', caller, meta);
      return { recoveryCodes };
    });
    if (!outcome) throw codeInvalid();
    return outcome;
  }

  /** New recovery codes for old ones (all of them stop working); needs a fresh second factor. */
  async regenerateRecoveryCodes(
    caller: AuthUser,
    code: string,
    meta: RequestMeta,
  ): Promise<RecoveryCodesDto> {
    return this.withFreshCode(caller, code, meta, 'auth.mfa_recovery_codes_regenerated', async (m) => ({
      recoveryCodes: await this.replaceRecoveryCodes(m, caller.id),
    }));
  }

  /** Turns two-factor off; needs a fresh second factor. */
  async disable(caller: AuthUser, code: string, meta: RequestMeta): Promise<void> {
    await this.withFreshCode(caller, code, meta, 'auth.mfa_disabled', async (m) => {
      await m.delete(RecoveryCode, { userId: caller.id });
      await m.delete(UserMfa, { userId: caller.id });
    });
  }

  /**
   * Checks a second factor of a user with two-factor on, spending it: a TOTP code's time step is remembered so
   * the code cannot be replayed, a recovery code is marked used. Locks the user's MFA row, so two requests
   * cannot both spend one code. Null when the code is wrong, used, or two-factor is off.
   */
  async spend(m: EntityManager, userId: string, code: string): Promise<SecondFactorKind | null> {
    const mfa = await this.lockRow(m, userId);
    if (!mfa?.enabledAt) return null;
    if (isTotpCode(code)) {
      const step = checkTotp(open(mfa.secretCiphertext, this.key), code, mfa.lastTimeStep);
      if (step === null) return null;
      await m.update(UserMfa, { userId }, { lastTimeStep: step });
      return 'totp';
    }
    const result = await m
      .createQueryBuilder()
      .update(RecoveryCode)
      .set({ usedAt: this.clock.now() })
      .where('user_id = :userId AND code_hash = :hash AND used_at IS NULL', {
        userId,
        hash: hashRecoveryCode(code),
      })
      .execute();
    return result.affected ? 'recovery_code' : null;
  }

  /**
   * Runs `change` when `code` is a fresh second factor of the signed-in caller. A wrong code counts towards the
   * lockout (committed before the refusal), and a locked account may not try at all, so a stolen session cannot
   * guess its way to turning two-factor off.
   */
  private async withFreshCode<T>(
    caller: AuthUser,
    code: string,
    meta: RequestMeta,
    action: string,
    change: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const user = await this.users.lockById(m, caller.id);
      if (!user) throw new DomainError('TOKEN_INVALID', 'The account no longer exists');
      if (!(await this.isEnabled(m, user.id))) throw notEnabled('Two-factor sign-in is off');
      if (this.attempts.blockedReason(user)) return { refused: true as const };
      const kind = await this.spend(m, user.id, code);
      if (!kind) {
        await this.attempts.recordFailure(m, user, meta, 'wrong_code');
        return { refused: true as const };
      }
      const result = await change(m);
      await this.users.recordAudit(m, action, caller, meta, { secondFactor: kind });
      return { result };
    });
    if ('refused' in outcome) throw codeInvalid();
    return outcome.result;
  }

  private lockRow(m: EntityManager, userId: string): Promise<UserMfa | null> {
    return m.findOne(UserMfa, { where: { userId }, lock: { mode: 'pessimistic_write' } });
  }

  private async replaceRecoveryCodes(m: EntityManager, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await m.delete(RecoveryCode, { userId });
    await m.insert(
      RecoveryCode,
      codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })),
    );
    return codes;
  }

  private get key(): Buffer {
    return this.config.auth.mfaEncryptionKey;
  }
}

function alreadyEnabled(): DomainError {
  return new DomainError('MFA_ALREADY_ENABLED', 'Two-factor sign-in is already on; disable it first');
}

function notEnabled(message: string): DomainError {
  return new DomainError('MFA_NOT_ENABLED', message);
}
