import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { AppConfig } from '../../platform/config/app-config';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { negotiateLocale } from '../../platform/i18n/locales';
import { UserDto } from '../users/dto/user.dto';
import { User, UserStatus } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthSessionDto } from './dto/auth-session.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { SessionsService } from './sessions.service';

const MINUTE_MS = 60_000;

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
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /** Creates a customer account, in the best supported locale of its `Accept-Language`, and signs it in. */
  async register(dto: RegisterDto, meta: RequestMeta, acceptLanguage?: string): Promise<AuthSessionDto> {
    const locale = negotiateLocale(acceptLanguage);
    return this.dataSource.transaction(async (m) => {
      const user = await this.users.create(
        { email: dto.email, password: dto.password, name: dto.name, locale },
        m,
      );
      await this.events.emit(m, 'UserRegistered', { userId: user.id, email: user.email, name: user.name });
      await this.users.recordAudit(m, 'auth.registered', user, meta);
      return this.sessions.issue(m, user, meta);
    });
  }

  /**
   * Checks the password (always, even for an unknown email or a locked account, so the timing is the same),
   * counts failures towards the lockout, audits the attempt, and issues a session on success.
   */
  async login(dto: LoginDto, meta: RequestMeta): Promise<AuthSessionDto> {
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
    const session = await this.dataSource.transaction(async (m) => {
      const blocked = this.blockedReason(user);
      if (blocked) {
        await this.users.recordAudit(m, 'auth.login_failed', user, meta, { reason: blocked });
        return null;
      }
      if (!passwordOk) {
        await this.recordFailure(m, user, meta);
        return null;
      }
      await this.users.clearFailedLogins(m, user);
      await this.users.recordAudit(m, 'auth.login_succeeded', user, meta);
      return this.sessions.issue(m, user, meta);
    });
    if (!session) throw invalidCredentials();
    return session;
  }

  async me(caller: AuthUser): Promise<UserDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new DomainError('TOKEN_INVALID', 'The account no longer exists');
    return UserDto.from(user);
  }

  private blockedReason(user: User): 'disabled' | 'locked' | null {
    if (user.status !== UserStatus.Active) return 'disabled';
    if (user.lockedUntil && user.lockedUntil > this.clock.now()) return 'locked';
    return null;
  }

  private async recordFailure(m: EntityManager, user: User, meta: RequestMeta): Promise<void> {
    const { maxFailedLogins, lockoutMinutes } = this.config.auth;
    const lockUntil = new Date(this.clock.now().getTime() + lockoutMinutes * MINUTE_MS);
    const locked = await this.users.recordFailedLogin(m, user.id, maxFailedLogins, lockUntil);
    await this.users.recordAudit(m, 'auth.login_failed', user, meta, { reason: 'wrong_password' });
    if (locked) {
      await this.users.recordAudit(m, 'auth.locked_out', user, meta, {
        lockedUntil: lockUntil.toISOString(),
        failures: maxFailedLogins,
      });
    }
  }
}
