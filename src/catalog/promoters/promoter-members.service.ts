import { UsersService } from '../../accounts/users/users.service';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { AppConfig } from '../../platform/config/app-config';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { User } from '../../accounts/users/user.entity';
import { AddMemberDto } from './dto/add-member.dto';
import { MemberDto, MembershipStatus } from './dto/member.dto';
import { MemberRole } from '../../access/member-role';
import { AccessService } from '../../access/access.service';
import { PromoterInvitesService } from './promoter-invites.service';
import { PromoterMember } from '../../access/promoter-member.entity';
import { PromoterStatus } from './promoter-status';
import { Promoter } from './promoter.entity';

interface MemberRow {
  user_id: string | null;
  email: string;
  name: string | null;
  role: MemberRole;
  status: MembershipStatus;
  created_at: Date;
  invite_expires_at: Date | null;
}

/** Members first (oldest first), then the open invites. */
const MEMBERS_SQL = `
  SELECT m.user_id, u.email, u.name, m.role::text AS role, 'active' AS status, m.created_at,
         NULL::timestamptz AS invite_expires_at, 0 AS rank
    FROM promoter_members m JOIN users u ON u.id = m.user_id
   WHERE m.promoter_id = $1
  UNION ALL
  SELECT NULL, i.email, NULL, i.role::text, 'invited', i.created_at, i.expires_at, 1
    FROM promoter_invites i
   WHERE i.promoter_id = $1 AND i.accepted_at IS NULL AND i.expires_at > $2`;

/** The promoter's team. Every member may look; only owners (and admins) change it. */
@Injectable()
export class PromoterMembersService {
  private readonly logger = new Logger(PromoterMembersService.name);

  constructor(
    private readonly users: UsersService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly invites: PromoterInvitesService,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(user: AuthUser, promoterId: string, query: PageQueryDto): Promise<[MemberDto[], number]> {
    await this.access.requireMember(user, promoterId, MemberRole.Staff);
    const params = [promoterId, this.clock.now()];
    const rows = (await this.dataSource.query(
      `${MEMBERS_SQL} ORDER BY rank, created_at, email LIMIT $3 OFFSET $4`,
      [...params, query.limit, query.offset],
    )) as MemberRow[];
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (${MEMBERS_SQL}) t`,
      params,
    )) as [{ total: number }];
    return [rows.map(toMemberDto), total];
  }

  /** An existing account joins at once; an unknown address gets an invite it accepts by registering. */
  async add(actor: AuthUser, promoterId: string, dto: AddMemberDto, meta: RequestMeta): Promise<MemberDto> {
    return inTransaction(this.dataSource, undefined, async (tx) => {
      await this.access.requireMember(actor, promoterId, MemberRole.Owner, { manager: tx });
      const promoter = await tx.findOneByOrFail(Promoter, { id: promoterId });
      const email = dto.email.toLowerCase();
      const inviter = await this.userName(tx, actor.id);
      const user = await tx
        .createQueryBuilder(User, 'u')
        .where('lower(u.email) = :email', { email })
        .getOne();
      if (!user) {
        const invite = await this.invites.invite(tx, promoter, email, dto.role, inviter, meta);
        return toMemberDto({
          user_id: null,
          email,
          name: null,
          role: invite.role,
          status: MembershipStatus.Invited,
          created_at: invite.createdAt,
          invite_expires_at: invite.expiresAt,
        });
      }
      const member = await this.insertMember(tx, promoter, user, dto.role);
      if (promoter.status === PromoterStatus.Approved) {
        await this.users.promoteCustomers(tx, [user.id], { actorId: actor.id, promoterId, meta });
      }
      await this.audit.record(tx, {
        actorId: actor.id,
        action: 'promoter.member_added',
        entityType: 'promoter',
        entityId: promoterId,
        meta,
        after: { userId: user.id, role: dto.role },
      });
      await this.notifications.enqueue(tx, {
        to: user.email,
        template: 'team-invite',
        data: {
          name: user.name,
          promoterName: promoter.name,
          role: dto.role,
          inviterName: inviter.name,
          acceptUrl: `${this.config.publicUrl}/promoters/${promoterId}`,
        },
      });
      return toMemberDto({
        user_id: user.id,
        email: user.email,
        name: user.name,
        role: member.role,
        status: MembershipStatus.Active,
        created_at: member.createdAt,
        invite_expires_at: null,
      });
    });
  }

  /** Owners remove members; the last owner stays, so a promoter is never left without one. */
  async remove(actor: AuthUser, promoterId: string, userId: string, meta: RequestMeta): Promise<void> {
    await inTransaction(this.dataSource, undefined, async (tx) => {
      await this.access.requireMember(actor, promoterId, MemberRole.Owner, { manager: tx });
      // Serialises team changes per promoter, so two owners removing each other cannot leave none.
      const promoter = await tx.findOneOrFail(Promoter, {
        where: { id: promoterId },
        lock: { mode: 'pessimistic_write' },
      });
      const member = await tx.findOne(PromoterMember, { where: { promoterId, userId } });
      if (!member) throw DomainError.notFound('Member', userId);
      if (member.role === MemberRole.Owner) await this.keepAnOwner(tx, promoter, userId);
      await tx.delete(PromoterMember, { id: member.id });
      await this.audit.record(tx, {
        actorId: actor.id,
        action: 'promoter.member_removed',
        entityType: 'promoter',
        entityId: promoterId,
        meta,
        before: { userId, role: member.role },
      });
      this.logger.log({ promoterId, userId, by: actor.id }, 'promoter member removed');
    });
  }

  /** Refuses to remove the last owner; moves the contact owner to another owner when it is the one leaving. */
  private async keepAnOwner(tx: EntityManager, promoter: Promoter, leavingUserId: string): Promise<void> {
    const next = await tx.findOne(PromoterMember, {
      where: { promoterId: promoter.id, role: MemberRole.Owner, userId: Not(leavingUserId) },
      order: { createdAt: 'ASC' },
    });
    if (!next) {
      throw new DomainError('LAST_OWNER', 'The last owner of a promoter cannot be removed', {
        promoterId: promoter.id,
        userId: leavingUserId,
      });
    }
    if (promoter.ownerUserId === leavingUserId) {
      await tx.update(Promoter, promoter.id, { ownerUserId: next.userId });
    }
  }

  private async insertMember(tx: EntityManager, promoter: Promoter, user: User, role: MemberRole) {
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(PromoterMember)
      .values({ promoterId: promoter.id, userId: user.id, role })
      .orIgnore()
      .returning(['id', 'role', 'created_at'])
      .execute();
    const row = (result.raw as Array<{ id: string; role: MemberRole; created_at: Date }>)[0];
    if (!row) {
      throw new DomainError('ALREADY_A_MEMBER', 'This user is already a member of the promoter', {
        userId: user.id,
      });
    }
    return { role: row.role, createdAt: row.created_at };
  }

  private async userName(tx: EntityManager, id: string): Promise<{ id: string; name: string }> {
    const user = await tx.findOne(User, {
      where: { id },
      withDeleted: true,
      select: { id: true, name: true },
    });
    return { id, name: user?.name ?? 'A team owner' };
  }
}

function toMemberDto(row: MemberRow): MemberDto {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    createdAt: new Date(row.created_at),
    inviteExpiresAt: row.invite_expires_at ? new Date(row.invite_expires_at) : null,
  };
}
