import { UsersService } from '../../accounts/users/users.service';
import { Injectable, Logger } from '@nestjs/common';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { EntityManager, IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { MemberRole } from '../../access/member-role';
import { PromoterInvite } from './promoter-invite.entity';
import { PromoterMember } from '../../access/promoter-member.entity';
import { PromoterStatus } from './promoter-status';
import { Promoter } from './promoter.entity';

/** How long an invite stays usable. Long enough for a holiday, short enough that stale addresses lapse. */
export const INVITE_TTL_DAYS = 14;

/**
 * Invites of addresses that have no account yet. The invite is matched by email when that address registers:
 * Registration accepts them through `UserRegistered`, inside its transaction.
 */
@Injectable()
export class PromoterInvitesService {
  private readonly logger = new Logger(PromoterInvitesService.name);

  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Creates the invite (or renews the open one for this address) and emails it. */
  async invite(
    tx: EntityManager,
    promoter: Promoter,
    email: string,
    role: MemberRole,
    inviter: { id: string; name: string },
    meta: RequestMeta,
  ): Promise<PromoterInvite> {
    const expiresAt = new Date(this.clock.now().getTime() + INVITE_TTL_DAYS * 24 * 3600 * 1000);
    const open = await tx.findOne(PromoterInvite, {
      where: { promoterId: promoter.id, email, acceptedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
    const invite = open ?? tx.create(PromoterInvite, { promoterId: promoter.id, email });
    Object.assign(invite, { role, expiresAt, invitedById: inviter.id });
    await tx.save(invite);
    await this.audit.record(tx, {
      actorId: inviter.id,
      action: 'promoter.member_invited',
      entityType: 'promoter',
      entityId: promoter.id,
      meta,
      after: { email, role, inviteId: invite.id },
    });
    await this.notifications.enqueue(tx, {
      to: email,
      template: 'team-invite',
      data: {
        promoterName: promoter.name,
        role,
        inviterName: inviter.name,
        acceptUrl: `${this.config.publicUrl}/register?email=${encodeURIComponent(email)}`,
      },
    });
    return invite;
  }

  /**
   * Turns the open, unexpired invites of a newly registered address into memberships, inside the registration
   * transaction, so the user and their memberships commit together. Safe to run twice.
   */
  @OnDomainEvent('UserRegistered', 'in-transaction')
  async acceptPendingInvites(
    registered: DomainEventMap['UserRegistered'],
    manager: EntityManager,
  ): Promise<number> {
    const user = { id: registered.userId, email: registered.email };
    const invites = await manager.find(PromoterInvite, {
      where: { email: user.email.toLowerCase(), acceptedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
      relations: { promoter: true },
    });
    let accepted = 0;
    for (const invite of invites) {
      const promoter = invite.promoter;
      if (!promoter || promoter.deletedAt) continue;
      await manager
        .createQueryBuilder()
        .insert()
        .into(PromoterMember)
        .values({ promoterId: promoter.id, userId: user.id, role: invite.role })
        .orIgnore()
        .execute();
      await manager.update(PromoterInvite, invite.id, {
        acceptedAt: this.clock.now(),
        acceptedUserId: user.id,
      });
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'promoter.invite_accepted',
        entityType: 'promoter',
        entityId: promoter.id,
        after: { userId: user.id, email: invite.email, role: invite.role, inviteId: invite.id },
      });
      if (promoter.status === PromoterStatus.Approved) {
        await this.users.promoteCustomers(manager, [user.id], {
          actorId: user.id,
          promoterId: promoter.id,
        });
      }
      accepted += 1;
    }
    if (accepted > 0) this.logger.log({ userId: user.id, accepted }, 'promoter invites accepted');
    return accepted;
  }
}
