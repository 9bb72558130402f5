import { UsersService } from '../../accounts/users/users.service';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { AppConfig } from '../../platform/config/app-config';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { User } from '../../accounts/users/user.entity';
import { AdminPromoterQueryDto } from './dto/admin-promoter-query.dto';
import { PromoterMember } from '../../access/promoter-member.entity';
import { PromoterAction, PromoterStatus, promoterTransition } from './promoter-status';
import { Promoter } from './promoter.entity';

/** The past tense of each move, used for the audit action and the email template. */
const MOVE_NAMES: Record<PromoterAction, 'approved' | 'rejected' | 'suspended' | 'reinstated'> = {
  approve: 'approved',
  reject: 'rejected',
  suspend: 'suspended',
  reinstate: 'reinstated',
};

/**
 * Admins move promoters through their states (see promoter-status.ts). Each move locks the promoter row,
 * checks the transition, writes the audit entry and queues the owner's email, all in one transaction.
 */
@Injectable()
export class PromoterModerationService {
  private readonly logger = new Logger(PromoterModerationService.name);

  constructor(
    private readonly events: DomainEvents,
    private readonly users: UsersService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async list(query: AdminPromoterQueryDto): Promise<[Promoter[], number]> {
    const qb = this.dataSource.manager
      .createQueryBuilder(Promoter, 'p')
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC');
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(p.name ILIKE :pattern OR p.slug ILIKE :pattern OR p.contact_email ILIKE :pattern)', {
        pattern,
      });
    }
    return qb.take(query.limit).skip(query.offset).getManyAndCount();
  }

  async move(
    admin: AuthUser,
    id: string,
    action: PromoterAction,
    reason: string | undefined,
    meta: RequestMeta,
    manager?: EntityManager,
  ): Promise<Promoter> {
    return inTransaction(this.dataSource, manager, async (tx) => {
      const promoter = await tx.findOne(Promoter, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!promoter || promoter.deletedAt) throw DomainError.notFound('Promoter', id);
      const from = promoter.status;
      const to = promoterTransition(from, action);
      promoter.status = to;
      if (action === 'reject' || action === 'suspend') promoter.statusReason = reason ?? null;
      if (action === 'reinstate') promoter.statusReason = null;
      await tx.save(promoter);
      if (to === PromoterStatus.Approved) await this.grantRoleToMembers(tx, promoter, admin.id, meta);
      const name = MOVE_NAMES[action];
      await this.audit.record(tx, {
        actorId: admin.id,
        action: `promoter.${name}`,
        entityType: 'promoter',
        entityId: id,
        meta,
        before: { status: from },
        after: { status: to, ...(reason ? { reason } : {}) },
      });
      await this.emailOwner(tx, promoter, action, reason);
      // Whether the public sees the promoter's events depends on its status.
      const events = (await tx.query(`SELECT id FROM events WHERE promoter_id = $1 AND deleted_at IS NULL`, [
        id,
      ])) as Array<{ id: string }>;
      for (const e of events) await this.events.emit(tx, 'CatalogChanged', { eventId: e.id });
      this.logger.log({ promoterId: id, from, to, adminId: admin.id }, 'promoter status changed');
      return promoter;
    });
  }

  /**
   * Approval (and reinstatement, for members who joined while suspended) makes every member who is still a
   * customer a `promoter`, so they can reach the event routes.
   */
  private async grantRoleToMembers(
    tx: EntityManager,
    promoter: Promoter,
    actorId: string,
    meta: RequestMeta,
  ) {
    const members = await tx.find(PromoterMember, {
      where: { promoterId: promoter.id },
      select: { userId: true },
    });
    await this.users.promoteCustomers(
      tx,
      members.map((m) => m.userId),
      { actorId, promoterId: promoter.id, meta },
    );
  }

  /** The owner hears about every move; rejection and suspension carry the admin's reason. */
  private async emailOwner(tx: EntityManager, promoter: Promoter, action: PromoterAction, reason?: string) {
    const owner = await tx.findOne(User, { where: { id: promoter.ownerUserId }, withDeleted: true });
    if (!owner) return;
    const to = owner.email;
    const base = { name: owner.name, promoterName: promoter.name };
    const dashboardUrl = `${this.config.publicUrl}/promoters/${promoter.id}`;
    switch (action) {
      case 'approve':
        return this.notifications.enqueue(tx, {
          to,
          template: 'promoter-approved',
          data: { ...base, dashboardUrl },
        });
      case 'reinstate':
        return this.notifications.enqueue(tx, {
          to,
          template: 'promoter-reinstated',
          data: { ...base, dashboardUrl },
        });
      case 'reject':
        return this.notifications.enqueue(tx, {
          to,
          template: 'promoter-rejected',
          data: { ...base, reason },
        });
      case 'suspend':
        return this.notifications.enqueue(tx, {
          to,
          template: 'promoter-suspended',
          data: { ...base, reason },
        });
    }
  }
}
