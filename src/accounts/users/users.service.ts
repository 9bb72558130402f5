import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { PasswordPolicy } from '../auth/password-policy';
import { Role } from '../../platform/auth/roles';
import type { RequestMeta } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { inTransaction } from '../../platform/database/transaction';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { DEFAULT_LOCALE } from '../../platform/i18n/locales';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { User, UserStatus } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  name: string;
  role?: Role;
  /** A supported locale (`normalizeLocale`); English when absent. */
  locale?: string;
}

/** Any constant works: it only has to be the same for every instance that boots. */
const FIRST_ADMIN_LOCK = 727_002;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Accounts: creation (with the password policy), look-ups, the lockout counter and the admin list. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Emails are unique whatever their case; we store them trimmed and lower-cased. */
  static normalizeEmail(email: string): string {
    return email.trim().toLowerCase();
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOne(User, { where: { id } });
  }

  findByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOne(User, { where: { email: UsersService.normalizeEmail(email) } });
  }

  /** The row locked for an update that must not race (admin changes). */
  lockById(manager: EntityManager, id: string): Promise<User | null> {
    return manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Creates an account. 400 WEAK_PASSWORD for a bad password, 409 EMAIL_TAKEN for an email in any case. */
  async create(input: NewUser, manager?: EntityManager): Promise<User> {
    const email = UsersService.normalizeEmail(input.email);
    this.policy.assertAcceptable(input.password, { email });
    const passwordHash = await this.hasher.hash(input.password);
    return inTransaction(this.dataSource, manager, async (m) => {
      // ON CONFLICT DO NOTHING (on the lower(email) unique index) keeps the transaction usable on a duplicate.
      const result = await m
        .createQueryBuilder()
        .insert()
        .into(User)
        .values({
          email,
          passwordHash,
          name: input.name.trim(),
          role: input.role ?? Role.Customer,
          locale: input.locale ?? DEFAULT_LOCALE,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (result.raw as Array<{ id: string }>)[0]?.id;
      if (!id) throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists');
      return m.findOneByOrFail(User, { id });
    });
  }

  /** Creates an admin account (the CLI and the first-admin bootstrap both come here). */
  async createAdmin(input: Omit<NewUser, 'role'>, manager?: EntityManager): Promise<User> {
    return inTransaction(this.dataSource, manager, async (m) => {
      const user = await this.create({ ...input, role: Role.Admin }, m);
      await this.audit.record(m, {
        actorId: null,
        action: 'user.admin_created',
        entityType: 'user',
        entityId: user.id,
        after: { email: user.email, role: user.role },
      });
      return user;
    });
  }

  /**
   * Creates the first admin unless an admin exists. Instances booting together take turns on an advisory lock,
   * so exactly one of them creates it. Returns null when nothing was created.
   */
  async createFirstAdmin(input: Omit<NewUser, 'role'>): Promise<User | null> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
      if (await m.existsBy(User, { role: Role.Admin })) return null;
      return this.createAdmin(input, m);
    });
  }

  /** Sets a new password (policy-checked) and clears any lockout. Sessions are the caller's business. */
  async setPassword(manager: EntityManager, user: User, password: string): Promise<void> {
    this.policy.assertAcceptable(password, { email: user.email });
    const passwordHash = await this.hasher.hash(password);
    await manager.update(User, { id: user.id }, { passwordHash, failedLoginCount: 0, lockedUntil: null });
  }

  verifyPassword(user: User, password: string): Promise<boolean> {
    return this.hasher.verify(user.passwordHash, password);
  }

  /** Burns the same time as a real check, for an email that has no account. */
  verifyNoUser(password: string): Promise<false> {
    return this.hasher.verifyDummy(password);
  }

  /**
   * Counts one failed login. The `maxFailures`-th consecutive failure locks the account until `lockUntil`
   * and restarts the count. One UPDATE, so concurrent failures cannot lose a count. Returns whether it locked.
   */
  async recordFailedLogin(
    manager: EntityManager,
    userId: string,
    maxFailures: number,
    lockUntil: Date,
  ): Promise<boolean> {
    const locks = `failed_login_count + 1 >= :maxFailures`;
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set({
        failedLoginCount: () => `CASE WHEN ${locks} THEN 0 ELSE failed_login_count + 1 END`,
        lockedUntil: () => `CASE WHEN ${locks} THEN CAST(:lockUntil AS timestamptz) ELSE locked_until END`,
      })
      .where('id = :userId', { userId })
      .setParameters({ maxFailures, lockUntil })
      .returning('locked_until')
      .execute();
    const row = (result.raw as Array<{ locked_until: Date | null }>)[0];
    return row?.locked_until?.getTime() === lockUntil.getTime();
  }

  async clearFailedLogins(manager: EntityManager, user: User): Promise<void> {
    if (user.failedLoginCount === 0 && user.lockedUntil === null) return;
    await manager.update(User, { id: user.id }, { failedLoginCount: 0, lockedUntil: null });
  }

  /** Access tokens issued before `at` are refused from now on. */
  async markSessionsRevoked(manager: EntityManager, userId: string, at: Date): Promise<void> {
    await manager.update(User, { id: userId }, { sessionsRevokedAt: at });
  }

  /** Changes a user's role, audits it (`user.role_changed`) and says so (`UserRoleChanged`). */
  async changeRole(
    manager: EntityManager,
    user: User,
    role: Role,
    actorId: string | null,
    meta?: RequestMeta,
  ): Promise<void> {
    if (user.role === role) return;
    await manager.update(User, { id: user.id }, { role });
    await this.recordRoleChange(manager, user.id, user.role, role, { actorId, meta });
    user.role = role;
  }

  /**
   * Gives the platform role `promoter` to those of `userIds` who are still customers: members of an approved
   * promoter need it to reach the event routes. Admins keep their role. Returns who was promoted.
   */
  async promoteCustomers(
    manager: EntityManager,
    userIds: string[],
    context: { actorId: string | null; promoterId: string; meta?: RequestMeta },
  ): Promise<string[]> {
    if (userIds.length === 0) return [];
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set({ role: Role.Promoter })
      .where({ id: In(userIds), role: Role.Customer })
      .returning(['id'])
      .execute();
    const promoted = (result.raw as Array<{ id: string }>).map((r) => r.id);
    for (const id of promoted) {
      await this.recordRoleChange(manager, id, Role.Customer, Role.Promoter, context, {
        promoterId: context.promoterId,
      });
    }
    return promoted;
  }

  private async recordRoleChange(
    manager: EntityManager,
    userId: string,
    from: Role,
    to: Role,
    context: { actorId: string | null; meta?: RequestMeta },
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.record(manager, {
      actorId: context.actorId,
      action: 'user.role_changed',
      entityType: 'user',
      entityId: userId,
      meta: context.meta,
      before: { role: from },
      after: { role: to, ...extra },
    });
    await this.events.emit(manager, 'UserRoleChanged', { userId, role: to });
  }

  /** Sets the user's locale (emails from now on use it) and audits the change (`user.locale_changed`). */
  async changeLocale(user: User, locale: string, meta?: RequestMeta): Promise<User> {
    if (user.locale === locale) return user;
    return this.dataSource.transaction(async (m) => {
      await m.update(User, { id: user.id }, { locale });
      await this.audit.record(m, {
        actorId: user.id,
        action: 'user.locale_changed',
        entityType: 'user',
        entityId: user.id,
        meta,
        before: { locale: user.locale },
        after: { locale },
      });
      return m.findOneByOrFail(User, { id: user.id });
    });
  }

  /** Changes a user's status and audits it (`user.status_changed`). Revoking sessions is the caller's job. */
  async changeStatus(
    manager: EntityManager,
    user: User,
    status: UserStatus,
    actorId: string | null,
    meta?: RequestMeta,
  ): Promise<void> {
    if (user.status === status) return;
    await manager.update(User, { id: user.id }, { status });
    await this.audit.record(manager, {
      actorId,
      action: 'user.status_changed',
      entityType: 'user',
      entityId: user.id,
      meta,
      before: { status: user.status },
      after: { status },
    });
    user.status = status;
  }

  async list(query: ListUsersQueryDto): Promise<[User[], number]> {
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'DESC');
    if (query.email) {
      qb.andWhere('u.email LIKE :email', {
        email: `%${escapeLike(UsersService.normalizeEmail(query.email))}%`,
      });
    }
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    return qb.take(query.limit).skip(query.offset).getManyAndCount();
  }

  /** Writes an audit entry about a user; a shortcut for the auth flows. */
  recordAudit(
    manager: EntityManager,
    action: string,
    user: { id: string } | null,
    meta?: RequestMeta,
    after?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: user?.id ?? null,
      action,
      entityType: 'user',
      entityId: user?.id ?? null,
      meta,
      after,
    });
  }
}
