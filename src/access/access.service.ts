import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Role } from '../platform/auth/roles';
import type { AuthUser } from '../platform/auth/auth-user';
import { DomainError } from '../platform/errors/domain-error';
import { MemberRole, roleAtLeast } from './member-role';
import { PromoterMember } from './promoter-member.entity';
import { Promoter } from '../catalog/promoters/promoter.entity';

/** What the caller is to a promoter: an admin, a member with a role, or nothing. */
export type AccessRole = MemberRole | 'admin';

export interface PromoterAccess {
  promoter: Promoter;
  role: AccessRole;
}

export interface RequireMemberOptions {
  /** What to call the object in the 404, e.g. `Event`, so ids of other objects don't leak. */
  notFound?: { entity: string; id: string };
  manager?: EntityManager;
}

/**
 * The one place that answers "may this user act for this promoter?". Events, tiers, check-in and reports all
 * ask here. A stranger gets 404 (ids don't leak); a member whose role is too low gets 403; admins pass.
 */
@Injectable()
export class PromoterAccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The caller's role in the promoter, or null when they have none (or the promoter is gone). */
  async roleIn(
    user: AuthUser | undefined,
    promoterId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AccessRole | null> {
    if (!user) return null;
    if (user.role === Role.Admin) return 'admin';
    const member = await manager.findOne(PromoterMember, {
      where: { promoterId, userId: user.id },
      select: { id: true, role: true },
    });
    return member?.role ?? null;
  }

  /**
   * The promoter, provided the caller is an admin or a member with at least `minRole`.
   * Use `MemberRole.Staff` for check-in and read-only dashboards, `Manager` for events and tiers, `Owner` for
   * the team itself.
   */
  async requireMember(
    user: AuthUser,
    promoterId: string,
    minRole: MemberRole,
    options: RequireMemberOptions = {},
  ): Promise<PromoterAccess> {
    const manager = options.manager ?? this.dataSource.manager;
    const notFound = () =>
      options.notFound
        ? DomainError.notFound(options.notFound.entity, options.notFound.id)
        : DomainError.notFound('Promoter', promoterId);
    const promoter = await manager.findOne(Promoter, { where: { id: promoterId, deletedAt: IsNull() } });
    if (!promoter) throw notFound();
    const role = await this.roleIn(user, promoterId, manager);
    if (!role) throw notFound();
    if (role !== 'admin' && !roleAtLeast(role, minRole)) {
      throw new DomainError('FORBIDDEN', `A ${role} of this promoter may not do this; it needs ${minRole}`, {
        role,
        requiredRole: minRole,
      });
    }
    return { promoter, role };
  }
}
