import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../../platform/auth/roles';
import { SessionsService } from '../auth/sessions.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { UpdateUserDto } from './dto/update-user.dto';
import { User, UserStatus } from './user.entity';
import { UsersService } from './users.service';

/** What admins do to accounts: change a role, disable or re-enable. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Applies a role and/or status change under a row lock, audited with before and after. An admin cannot
   * demote or disable themselves (so the last admin cannot lock everyone out by accident). Disabling signs
   * the user out everywhere.
   */
  async update(actor: AuthUser, id: string, dto: UpdateUserDto, meta: RequestMeta): Promise<User> {
    return this.dataSource.transaction(async (m) => {
      const user = await this.users.lockById(m, id);
      if (!user) throw DomainError.notFound('User', id);
      const demotesSelf = dto.role !== undefined && dto.role !== Role.Admin;
      if (user.id === actor.id && (demotesSelf || dto.status === UserStatus.Disabled)) {
        throw new DomainError('CANNOT_MODIFY_SELF', 'An admin cannot demote or disable their own account');
      }
      if (dto.role) await this.users.changeRole(m, user, dto.role, actor.id, meta);
      if (dto.status && dto.status !== user.status) {
        await this.users.changeStatus(m, user, dto.status, actor.id, meta);
        if (dto.status === UserStatus.Disabled) await this.sessions.revokeAll(m, user.id);
      }
      return m.findOneByOrFail(User, { id });
    });
  }
}
