import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { negotiateLocale } from '../../platform/i18n/locales';
import { UserDto } from '../users/dto/user.dto';
import { EmailVerificationService } from '../users/email-verification/email-verification.service';
import { UsersService } from '../users/users.service';
import { AuthSessionDto } from './dto/auth-session.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { LoginAttempts } from './login-attempts.service';
import { MfaChallengeDto } from './mfa/dto/mfa.dto';
import { MfaChallengesService } from './mfa/mfa-challenges.service';
import { MfaService } from './mfa/mfa.service';
import { SessionsService } from './sessions.service';

/** Wrong password, unknown email, locked or disabled account: one answer, so none of them can be told apart. */
const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'The email or password is wrong, or the account cannot sign in');

/** Registration, sign-in with lockout, and "who am I". */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly attempts: LoginAttempts,
    private readonly mfa: MfaService,
    private readonly challenges: MfaChallengesService,
    private readonly events: DomainEvents,
    private readonly verification: EmailVerificationService,
  ) {}

  /**
   * Creates a customer account, in the best supported locale of its `Accept-Language`, emails the link that
   * verifies its address, and signs it in.
   */
  async register(dto: RegisterDto, meta: RequestMeta, acceptLanguage?: string): Promise<AuthSessionDto> {
    const locale = negotiateLocale(acceptLanguage);
    return this.dataSource.transaction(async (m) => {
      const user = await this.users.create(
        { email: dto.email, password: dto.password, name: dto.name, locale },
        m,
      );
      await this.events.emit(m, 'UserRegistered', { userId: user.id, email: user.email, name: user.name });
      await this.verification.send(m, user);
      await this.users.recordAudit(m, 'auth.registered', user, meta);
      return this.sessions.issue(m, user, meta);
    });
  }

  /**
   * Checks the password (always, even for an unknown email or a locked account, so the timing is the same),
   * counts failures towards the lockout, audits the attempt, and issues a session on success, or, when the
   * user has two-factor on, a challenge that `POST /auth/mfa/verify` completes with a code.
   */
  async login(dto: LoginDto, meta: RequestMeta): Promise<AuthSessionDto | MfaChallengeDto> {
    const user = await this.users.findByEmail(dto.email);
    if (!user) {
      await this.users.verifyNoUser(dto.password);
      await this.dataSource.transaction((m) =>
        this.users.recordAudit(m, 'auth.login_failed', null, meta, {
          email: UsersService.normalizeEmail(dto.email),
          reason: 'unknown_email',
        }),
      );
      throw invalidCredentials();
    }
    const passwordOk = await this.users.verifyPassword(user, dto.password);
    const outcome = await this.dataSource.transaction(async (m) => {
      const blocked = this.attempts.blockedReason(user);
      if (blocked) {
        await this.users.recordAudit(m, 'auth.login_failed', user, meta, { reason: blocked });
        return null;
      }
      if (!passwordOk) {
        await this.attempts.recordFailure(m, user, meta, 'wrong_password');
        return null;
      }
      if (await this.mfa.isEnabled(m, user.id)) return this.challenges.issue(m, user, meta);
      return this.attempts.succeed(m, user, meta);
    });
    if (!outcome) throw invalidCredentials();
    return outcome;
  }

  async me(caller: AuthUser): Promise<UserDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new DomainError('TOKEN_INVALID', 'The account no longer exists');
    return UserDto.from(user);
  }
}
