import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../platform/auth/auth-user';
import { Role } from '../platform/auth/roles';
import { DomainError } from '../platform/errors/domain-error';
import { MemberRole, roleAtLeast } from './member-role';

/** What the caller is to a promoter: an admin, a member with a role, or nothing. */
export type AccessRole = MemberRole | 'admin';

/** How the caller relates to an order or ticket: its buyer, someone who runs its event, or nobody (404). */
export type ObjectViewer = 'buyer' | 'organiser' | null;

export interface RequireOptions {
  /** What to call the object in the 404, e.g. `Event`, so ids of other objects don't leak. */
  notFound?: { entity: string; id: string };
  manager?: EntityManager;
}

/** True for the roles that run a promoter's events (admins, owners, managers); staff only check tickets in. */
export function runsEvents(role: AccessRole | null): boolean {
  return role === 'admin' || (role !== null && roleAtLeast(role, MemberRole.Manager));
}

/**
 * What an API key is to a promoter: a manager of its own (its scopes, checked by the authentication guard, say
 * which functions it may use), nothing to any other.
 */
function keyRole(user: AuthUser, promoterId: string | null): MemberRole | null {
  return user.apiKey && user.apiKey.promoterId === promoterId ? MemberRole.Manager : null;
}

/**
 * The one place that answers "may this user touch this promoter, event, order or ticket?". Every module asks
 * here. A stranger gets 404 (ids don't leak); a member whose role is too low gets 403; admins pass. It owns the
 * membership lookup and reads the owning promoter of an event by SQL, so it depends on no later module. A
 * promoter's API key counts as a manager of that promoter and a stranger to every other one.
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The caller's role in the promoter, or null when they have none. */
  async roleIn(
    user: AuthUser | undefined,
    promoterId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AccessRole | null> {
    if (!user) return null;
    if (user.apiKey) return keyRole(user, promoterId);
    if (user.role === Role.Admin) return 'admin';
    const rows = (await manager.query(
      `SELECT role FROM promoter_members WHERE promoter_id = $1 AND user_id = $2`,
      [promoterId, user.id],
    )) as Array<{ role: MemberRole }>;
    return rows[0]?.role ?? null;
  }

  /**
   * The caller's role, provided the promoter exists (not deleted) and the caller is an admin or a member with at
   * least `minRole`. Use `Staff` for check-in and read-only dashboards, `Manager` for events, tiers, orders and
   * refunds, `Owner` for the team itself. One query.
   */
  async requireMember(
    user: AuthUser,
    promoterId: string,
    minRole: MemberRole,
    options: RequireOptions = {},
  ): Promise<AccessRole> {
    const manager = options.manager ?? this.dataSource.manager;
    const notFound = () =>
      options.notFound
        ? DomainError.notFound(options.notFound.entity, options.notFound.id)
        : DomainError.notFound('Promoter', promoterId);
    const rows = (await manager.query(
      `SELECT m.role FROM promoters p
         LEFT JOIN promoter_members m ON m.promoter_id = p.id AND m.user_id = $2
        WHERE p.id = $1 AND p.deleted_at IS NULL`,
      [promoterId, user.id],
    )) as Array<{ role: MemberRole | null }>;
    if (rows.length === 0) throw notFound();
    const role: AccessRole | null = user.apiKey
      ? keyRole(user, promoterId)
      : user.role === Role.Admin
        ? 'admin'
        : rows[0].role;
    if (!role) throw notFound();
    if (role !== 'admin' && !roleAtLeast(role, minRole)) {
      throw new DomainError('FORBIDDEN', `A ${role} of this promoter may not do this; it needs ${minRole}`, {
        role,
        requiredRole: minRole,
      });
    }
    return role;
  }

  /**
   * The promoter that owns an event, or null for an unknown event. Soft-deleted events count only with
   * `includeDeleted` (their orders and tickets outlive them; their door and attendee list do not).
   */
  async promoterOfEvent(
    eventId: string,
    options: { includeDeleted?: boolean; manager?: EntityManager } = {},
  ): Promise<string | null> {
    const rows = (await (options.manager ?? this.dataSource.manager).query(
      `SELECT promoter_id FROM events WHERE id = $1 AND ($2 OR deleted_at IS NULL)`,
      [eventId, options.includeDeleted ?? false],
    )) as Array<{ promoter_id: string }>;
    return rows[0]?.promoter_id ?? null;
  }

  /** The caller's role in the promoter of an event, or null (deleted events count with `includeDeleted`). */
  async roleInEvent(
    user: AuthUser | undefined,
    eventId: string,
    options: { includeDeleted: boolean },
  ): Promise<AccessRole | null> {
    if (!user) return null;
    if (user.apiKey) return keyRole(user, await this.promoterOfEvent(eventId, options));
    if (user.role === Role.Admin) return 'admin';
    const rows = (await this.dataSource.query(
      `SELECT m.role FROM events e JOIN promoter_members m ON m.promoter_id = e.promoter_id AND m.user_id = $2
        WHERE e.id = $1 AND ($3 OR e.deleted_at IS NULL)`,
      [eventId, user.id, options.includeDeleted],
    )) as Array<{ role: MemberRole }>;
    return rows[0]?.role ?? null;
  }

  /**
   * `requireMember` for the promoter of a live event: 404 (named `notFound`, `Event` by default) for an unknown
   * or deleted event or a stranger, 403 for a member below `minRole`.
   */
  async requireEventRole(
    user: AuthUser,
    eventId: string,
    minRole: MemberRole,
    options: RequireOptions = {},
  ): Promise<{ promoterId: string; role: AccessRole }> {
    const notFound = options.notFound ?? { entity: 'Event', id: eventId };
    const promoterId = await this.promoterOfEvent(eventId, { manager: options.manager });
    if (!promoterId) throw DomainError.notFound(notFound.entity, notFound.id);
    const role = await this.requireMember(user, promoterId, minRole, { ...options, notFound });
    return { promoterId, role };
  }

  /**
   * How the caller relates to an order or a ticket of `buyerId` for an event: the buyer sees their own; owners,
   * managers and admins see their events' (`organiser`); door staff see tickets (`staffSee`) but not orders.
   */
  async viewerOf(
    user: AuthUser,
    object: { buyerId: string; eventId: string },
    options: { staffSee: boolean },
  ): Promise<ObjectViewer> {
    if (object.buyerId === user.id) return 'buyer';
    const role = await this.roleInEvent(user, object.eventId, { includeDeleted: true });
    if (role === null) return null;
    return options.staffSee || runsEvents(role) ? 'organiser' : null;
  }
}
