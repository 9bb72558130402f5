import { EntityManager, In } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { Role } from '../../platform/auth/roles';
import type { RequestMeta } from '../../platform/auth/auth-user';
import { User } from '../../accounts/users/user.entity';

/**
 * Gives the platform role `promoter` to those of `userIds` who are still customers: members of an approved
 * promoter need it to reach the event routes. Admins keep their role. Audited per user.
 */
export async function grantPromoterRole(
  manager: EntityManager,
  audit: AuditService,
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
    await audit.record(manager, {
      actorId: context.actorId,
      action: 'user.role_changed',
      entityType: 'user',
      entityId: id,
      meta: context.meta,
      before: { role: Role.Customer },
      after: { role: Role.Promoter, promoterId: context.promoterId },
    });
  }
  return promoted;
}
