import { EmailVerificationService } from '../../accounts/users/email-verification/email-verification.service';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { inTransaction } from '../../platform/database/transaction';
import { CreatePromoterDto } from './dto/create-promoter.dto';
import { UpdatePromoterDto } from './dto/update-promoter.dto';
import { MemberRole } from '../../access/member-role';
import { AccessService } from '../../access/access.service';
import { PromoterMember } from '../../access/promoter-member.entity';
import { PromoterStatus } from './promoter-status';
import { Promoter } from './promoter.entity';
import { slugify, uniqueSlug } from './slug';

const isUniqueViolation = (err: unknown) =>
  err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505';

/** Applying as a promoter and editing its profile. Admin moves live in PromoterModerationService. */
@Injectable()
export class PromotersService {
  private readonly logger = new Logger(PromotersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly verification: EmailVerificationService,
  ) {}

  /**
   * Any signed-in user with a verified email (where that is required) may apply; they become the owner and the
   * promoter waits for an admin as `pending`.
   */
  async apply(user: AuthUser, dto: CreatePromoterDto, meta: RequestMeta): Promise<Promoter> {
    await this.verification.assertCleared(user.id, 'apply as a promoter');
    const slug = dto.slug ?? (await this.freeSlug(dto.name));
    if (dto.slug && (await this.slugInUse(dto.slug))) throw this.slugTaken(dto.slug);
    const promoter = await inTransaction(this.dataSource, undefined, async (manager) => {
      const created = await this.insert(manager, {
        name: dto.name,
        slug,
        contactEmail: dto.contactEmail.toLowerCase(),
        description: dto.description ?? null,
        websiteUrl: dto.websiteUrl ?? null,
        legalName: dto.legalName ?? null,
        legalAddress: dto.legalAddress ?? null,
        taxId: dto.taxId ?? null,
        invoicePrefix: dto.invoicePrefix ?? null,
        ownerUserId: user.id,
        status: PromoterStatus.Pending,
      });
      await manager.insert(PromoterMember, {
        promoterId: created.id,
        userId: user.id,
        role: MemberRole.Owner,
      });
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'promoter.applied',
        entityType: 'promoter',
        entityId: created.id,
        meta,
        after: { status: created.status, name: created.name, slug: created.slug },
      });
      return created;
    });
    this.logger.log({ promoterId: promoter.id, userId: user.id }, 'promoter applied');
    return promoter;
  }

  /** Members of any role and admins. */
  async get(user: AuthUser, id: string): Promise<Promoter> {
    await this.access.requireMember(user, id, MemberRole.Staff);
    return this.dataSource.manager.findOneByOrFail(Promoter, { id });
  }

  /** Owners, managers and admins edit the profile; the status only moves through the admin routes. */
  async update(user: AuthUser, id: string, dto: UpdatePromoterDto, meta: RequestMeta): Promise<Promoter> {
    return inTransaction(this.dataSource, undefined, async (manager) => {
      await this.access.requireMember(user, id, MemberRole.Manager, { manager });
      const promoter = await manager.findOneByOrFail(Promoter, { id });
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const changes: Partial<Promoter> = {
        name: dto.name,
        slug: dto.slug,
        contactEmail: dto.contactEmail?.toLowerCase(),
        description: dto.description,
        websiteUrl: dto.websiteUrl,
        legalName: dto.legalName,
        legalAddress: dto.legalAddress,
        taxId: dto.taxId,
        invoicePrefix: dto.invoicePrefix,
      };
      for (const [key, value] of Object.entries(changes) as [keyof Promoter, unknown][]) {
        if (value === undefined || promoter[key] === value) continue;
        before[key] = promoter[key];
        after[key] = value;
      }
      if (Object.keys(after).length === 0) return promoter;
      Object.assign(promoter, after);
      try {
        await manager.save(promoter);
      } catch (err) {
        if (isUniqueViolation(err)) throw this.slugTaken(promoter.slug);
        throw err;
      }
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'promoter.updated',
        entityType: 'promoter',
        entityId: id,
        meta,
        before,
        after,
      });
      return promoter;
    });
  }

  private async insert(manager: EntityManager, values: Partial<Promoter>): Promise<Promoter> {
    try {
      return await manager.save(manager.create(Promoter, values));
    } catch (err) {
      if (isUniqueViolation(err)) throw this.slugTaken(values.slug ?? '');
      throw err;
    }
  }

  /** The plain slug of the name when free, otherwise the same with a random tail. */
  private async freeSlug(name: string): Promise<string> {
    const plain = slugify(name);
    return (await this.slugInUse(plain)) ? uniqueSlug(name) : plain;
  }

  /** A cheap early answer; the unique index still decides a race. */
  private slugInUse(slug: string): Promise<boolean> {
    return this.dataSource.manager.exists(Promoter, { where: { slug }, withDeleted: true });
  }

  private slugTaken(slug: string): DomainError {
    return new DomainError('PROMOTER_SLUG_TAKEN', `The slug "${slug}" is taken`, { slug });
  }
}
