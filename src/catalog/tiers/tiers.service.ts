import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { InventoryService } from '../../inventory/inventory.service';
import { inTransaction } from '../../platform/database/transaction';
import { EventAccessService, EventWithPromoter, VisibleEvent } from '../events/event-access.service';
import { assertNoFieldErrors } from '../events/event-schedule';
import { EDITABLE_STATUSES } from '../events/event-status';
import { MemberRole } from '../../access/member-role';
import { CreateTierDto } from './dto/create-tier.dto';
import { UpdateTierDto } from './dto/update-tier.dto';
import { AttendeeDetailsPolicy } from '../questions/question-type';
import { TaxMode } from './tax-mode';
import { TicketTier } from './ticket-tier.entity';
import { tierRuleErrors } from './tier-rules';
import { findEventTiers } from './tier.queries';
import { PageQueryDto } from '../../platform/http/page-query.dto';

const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

function changesOf(dto: UpdateTierDto): Partial<TicketTier> {
  const changes: Partial<TicketTier> = {
    name: dto.name,
    description: dto.description,
    price: dto.price,
    capacity: dto.capacity,
    taxRateBps: dto.taxRateBps,
    taxMode: dto.taxMode,
    minPerOrder: dto.minPerOrder,
    maxPerOrder: dto.maxPerOrder,
    hidden: dto.hidden,
    sortOrder: dto.sortOrder,
    attendeeDetails: dto.attendeeDetails,
    salesStartAt: dto.salesStartAt === undefined ? undefined : toDate(dto.salesStartAt),
    salesEndAt: dto.salesEndAt === undefined ? undefined : toDate(dto.salesEndAt),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * Ticket tiers of an event. Owners, managers and admins change them; the public reads the visible ones.
 * `sold`, `held` and `capacity` belong to inventory: capacity changes go through it, and never drop below the
 * sum of the other two.
 */
@Injectable()
export class TiersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventAccess: EventAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly inventory: InventoryService,
    private readonly events: DomainEvents,
  ) {}

  async create(user: AuthUser, eventId: string, dto: CreateTierDto, meta: RequestMeta) {
    return inTransaction(this.dataSource, undefined, async (tx) => {
      const event = await this.eventAccess.forWrite(user, eventId, MemberRole.Manager, tx);
      this.assertEventEditable(event);
      const tier = tx.create(TicketTier, {
        eventId,
        name: dto.name,
        description: dto.description ?? null,
        price: dto.price,
        capacity: dto.capacity,
        taxRateBps: dto.taxRateBps ?? 0,
        taxMode: dto.taxMode ?? TaxMode.Inclusive,
        minPerOrder: dto.minPerOrder ?? 1,
        maxPerOrder: dto.maxPerOrder ?? 10,
        salesStartAt: toDate(dto.salesStartAt),
        salesEndAt: toDate(dto.salesEndAt),
        hidden: dto.hidden ?? false,
        sortOrder: dto.sortOrder ?? 0,
        attendeeDetails: dto.attendeeDetails ?? AttendeeDetailsPolicy.None,
      });
      assertNoFieldErrors(tierRuleErrors(tier, event));
      await tx.save(tier);
      await this.changed(tx, tier);
      await this.record(tx, user, 'tier.created', tier, meta, null, {
        name: tier.name,
        price: tier.price,
        capacity: tier.capacity,
      });
      return { tier, event };
    });
  }

  /** A page of the tiers the viewer may see: hidden ones only for members and admins. */
  async list(viewer: AuthUser | undefined, eventId: string, page: PageQueryDto) {
    const { event, isMember } = await this.eventAccess.visible(viewer, eventId);
    const [tiers, total] = await findEventTiers(this.dataSource.manager, eventId, {
      includeHidden: isMember,
      page,
    });
    return { tiers, total, event };
  }

  /** One visible tier with its event, for availability. */
  async get(
    viewer: AuthUser | undefined,
    id: string,
  ): Promise<{ tier: TicketTier; event: VisibleEvent['event'] }> {
    const tier = await this.dataSource.manager.findOne(TicketTier, { where: { id } });
    if (!tier) throw DomainError.notFound('Tier', id);
    const visible = await this.eventAccess.visible(viewer, tier.eventId).catch((err: unknown) => {
      throw err instanceof DomainError && err.code === 'NOT_FOUND' ? DomainError.notFound('Tier', id) : err;
    });
    if (tier.hidden && !visible.isMember) throw DomainError.notFound('Tier', id);
    return { tier, event: visible.event };
  }

  /** Capacity may not drop below sold + held: inventory checks it on the locked row, so no hold slips in. */
  async update(user: AuthUser, id: string, dto: UpdateTierDto, meta: RequestMeta) {
    return inTransaction(this.dataSource, undefined, async (tx) => {
      const { tier, event } = await this.lockForWrite(tx, user, id);
      const changes = changesOf(dto);
      const changed = (Object.keys(changes) as (keyof TicketTier)[]).filter(
        (k) => !same(tier[k], changes[k]),
      );
      if (changed.length === 0) return { tier, event };
      this.assertEventEditable(event);
      assertNoFieldErrors(tierRuleErrors({ ...tier, ...changes }, event));
      const before = Object.fromEntries(changed.map((k) => [k, tier[k]]));
      const after = Object.fromEntries(changed.map((k) => [k, changes[k]]));
      if (changes.capacity !== undefined) await this.inventory.setCapacity(tx, id, changes.capacity);
      const rest = Object.fromEntries(Object.entries(changes).filter(([k]) => k !== 'capacity'));
      if (Object.keys(rest).length > 0) await tx.update(TicketTier, id, rest);
      Object.assign(tier, changes);
      await this.changed(tx, tier);
      await this.record(tx, user, 'tier.updated', tier, meta, before, after);
      return { tier, event };
    });
  }

  /** Soft delete, only while nothing is sold or held. */
  async remove(user: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    await inTransaction(this.dataSource, undefined, async (tx) => {
      const { tier } = await this.lockForWrite(tx, user, id);
      if (tier.sold + tier.held > 0) {
        throw new DomainError('TIER_HAS_SALES', 'A tier with sold or held units cannot be deleted', {
          tierId: id,
          sold: tier.sold,
          held: tier.held,
        });
      }
      const deletedAt = this.clock.now();
      await tx.update(TicketTier, id, { deletedAt });
      await this.changed(tx, tier);
      await this.record(tx, user, 'tier.deleted', tier, meta, { deletedAt: null }, { deletedAt });
    });
  }

  /** Access through the event (a stranger gets 404 for the tier), then the tier row locked with a timeout. */
  private async lockForWrite(tx: EntityManager, user: AuthUser, id: string) {
    const found = await tx.findOne(TicketTier, { where: { id }, select: { id: true, eventId: true } });
    if (!found) throw DomainError.notFound('Tier', id);
    const event = await this.eventAccess.forWrite(user, found.eventId, MemberRole.Manager, tx, {
      entity: 'Tier',
      id,
    });
    await this.inventory.lockTiers(tx, [id]);
    const tier = await tx.findOne(TicketTier, { where: { id } });
    if (!tier) throw DomainError.notFound('Tier', id);
    return { tier, event };
  }

  /** A tier's public face or stock changed: live availability and the catalog caches learn it after commit. */
  private async changed(tx: EntityManager, tier: TicketTier): Promise<void> {
    await this.events.emit(tx, 'TiersChanged', { tiers: [{ id: tier.id, eventId: tier.eventId }] });
    await this.events.emit(tx, 'CatalogChanged', { eventId: tier.eventId });
  }

  private assertEventEditable(event: EventWithPromoter): void {
    if (!EDITABLE_STATUSES.includes(event.status)) {
      throw new DomainError('CONFLICT', `The tiers of a ${event.status} event cannot change`, {
        eventId: event.id,
        status: event.status,
      });
    }
  }

  private async record(
    tx: EntityManager,
    actor: AuthUser,
    action: string,
    tier: TicketTier,
    meta: RequestMeta,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(tx, {
      actorId: actor.id,
      action,
      entityType: 'tier',
      entityId: tier.id,
      meta,
      before,
      after: { ...after, eventId: tier.eventId },
    });
  }
}
