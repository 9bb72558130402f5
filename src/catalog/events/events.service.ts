import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { InventoryService } from '../../inventory/inventory.service';
import { Promoter } from '../promoters/promoter.entity';
import { inTransaction } from '../../platform/database/transaction';
import { MemberRole } from '../../access/member-role';
import { AccessService } from '../../access/access.service';
import { assertPromoterApproved } from '../promoters/promoter-status';
import { uniqueSlug } from '../promoters/slug';
import { countEventTiers } from '../tiers/tier.queries';
import { CreateEventDto } from './dto/create-event.dto';
import { queueColumns } from './dto/event-queue.dto';
import { UpdateEventDto } from './dto/update-event.dto';
import { EventAccessService } from './event-access.service';
import { assertNoFieldErrors, eventScheduleErrors } from './event-schedule';
import { EDITABLE_STATUSES, EVENT_STATES, EventStatus } from './event-status';
import { Event } from './event.entity';

const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

/** What an update may change, flattened to entity fields (`venue` becomes four columns). */
function changesOf(dto: UpdateEventDto): Partial<Event> {
  const changes: Partial<Event> = {
    title: dto.title,
    description: dto.description,
    category: dto.category,
    timezone: dto.timezone,
    currency: dto.currency,
    imageUrl: dto.imageUrl,
    startsAt: dto.startsAt ? new Date(dto.startsAt) : undefined,
    endsAt: dto.endsAt ? new Date(dto.endsAt) : undefined,
    salesStartAt: dto.salesStartAt === undefined ? undefined : toDate(dto.salesStartAt),
    salesEndAt: dto.salesEndAt === undefined ? undefined : toDate(dto.salesEndAt),
    transfersEnabled: dto.transfersEnabled,
    resaleEnabled: dto.resaleEnabled,
    resaleFeeBps: dto.resaleFeeBps,
    transferCutoffMinutes: dto.transferCutoffMinutes,
    attendeeCutoffMinutes: dto.attendeeCutoffMinutes,
    ...(dto.queue && queueColumns(dto.queue)),
    ...(dto.venue && {
      venueName: dto.venue.name,
      venueAddress: dto.venue.address,
      venueCity: dto.venue.city,
      venueCountry: dto.venue.country,
    }),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** Fields that change what buyers paid or will pay: frozen once anything is sold or held. */
const FROZEN_ONCE_SOLD: readonly (keyof Event)[] = ['currency'];

/**
 * The event lifecycle: create (draft), edit, soft-delete, publish and cancel. Every change runs in one
 * transaction with the event row locked, is audited, and is checked against the state machine in
 * event-status.ts. Reading and listing live in EventAccessService and EventSearchService.
 */
@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly promoterAccess: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly inventory: InventoryService,
    private readonly events: DomainEvents,
  ) {}

  /** Owners and managers of an approved promoter (and admins) create drafts. */
  async create(user: AuthUser, dto: CreateEventDto, meta: RequestMeta): Promise<Event> {
    const schedule = {
      startsAt: new Date(dto.startsAt),
      endsAt: new Date(dto.endsAt),
      salesStartAt: toDate(dto.salesStartAt),
      salesEndAt: toDate(dto.salesEndAt),
      ...(dto.queue && queueColumns(dto.queue)),
    };
    return inTransaction(this.dataSource, undefined, async (tx) => {
      await this.promoterAccess.requireMember(user, dto.promoterId, MemberRole.Manager, { manager: tx });
      const promoter = await tx.findOneByOrFail(Promoter, { id: dto.promoterId });
      assertPromoterApproved(promoter);
      assertNoFieldErrors(eventScheduleErrors(schedule, this.clock.now()));
      const event = await tx.save(
        tx.create(Event, {
          promoterId: promoter.id,
          title: dto.title,
          slug: uniqueSlug(dto.title),
          description: dto.description ?? null,
          category: dto.category,
          venueName: dto.venue.name,
          venueAddress: dto.venue.address,
          venueCity: dto.venue.city,
          venueCountry: dto.venue.country,
          timezone: dto.timezone,
          ...schedule,
          currency: dto.currency,
          imageUrl: dto.imageUrl ?? null,
          transfersEnabled: dto.transfersEnabled ?? true,
          resaleEnabled: dto.resaleEnabled ?? true,
          resaleFeeBps: dto.resaleFeeBps ?? 0,
          transferCutoffMinutes: dto.transferCutoffMinutes ?? 0,
          attendeeCutoffMinutes: dto.attendeeCutoffMinutes ?? 0,
          status: EventStatus.Draft,
        }),
      );
      event.promoter = promoter;
      await this.record(tx, user, 'event.created', event, meta, null, {
        status: event.status,
        title: event.title,
      });
      return event;
    });
  }

  /** Managers and admins edit draft and published events; `currency` is frozen once anything is sold. */
  async update(user: AuthUser, id: string, dto: UpdateEventDto, meta: RequestMeta): Promise<Event> {
    return inTransaction(this.dataSource, undefined, async (tx) => {
      const event = await this.access.forWrite(user, id, MemberRole.Manager, tx);
      this.assertEditable(event);
      const changes = changesOf(dto);
      const changed = (Object.keys(changes) as (keyof Event)[]).filter((k) => !same(event[k], changes[k]));
      if (changed.length === 0) return event;
      await this.assertNotFrozen(tx, event, changed);
      const next = { ...event, ...changes };
      const moved = changed.includes('startsAt');
      assertNoFieldErrors(eventScheduleErrors(next, moved ? this.clock.now() : undefined));
      const before = Object.fromEntries(changed.map((k) => [k, event[k]]));
      const after = Object.fromEntries(changed.map((k) => [k, changes[k]]));
      Object.assign(event, changes);
      await tx.save(event);
      if (moved) {
        await this.events.emit(tx, 'EventRescheduled', {
          eventId: event.id,
          startsAt: event.startsAt,
          previousStartsAt: before.startsAt as Date,
        });
      }
      await this.record(tx, user, 'event.updated', event, meta, before, after);
      return event;
    });
  }

  /**
   * Soft delete, refused once any unit is sold. The event vanishes for the public; members still see it.
   * `EventDeleted` lets the images go from storage.
   */
  async remove(user: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    await inTransaction(this.dataSource, undefined, async (tx) => {
      const event = await this.access.forWrite(user, id, MemberRole.Manager, tx);
      const { sold } = await this.inventory.lockEventTiers(tx, id);
      if (sold > 0) {
        throw new DomainError('EVENT_HAS_SALES', 'An event with sold tickets cannot be deleted; cancel it', {
          eventId: id,
          sold,
        });
      }
      const deletedAt = this.clock.now();
      await tx.update(Event, id, { deletedAt });
      await this.events.emit(tx, 'EventDeleted', { eventId: id });
      await this.record(tx, user, 'event.deleted', event, meta, { deletedAt: null }, { deletedAt });
    });
  }

  /** Draft → published: needs an approved promoter, at least one tier, a future start and an open sales window. */
  async publish(user: AuthUser, id: string, meta: RequestMeta): Promise<Event> {
    return inTransaction(this.dataSource, undefined, async (tx) => {
      const event = await this.access.forWrite(user, id, MemberRole.Manager, tx);
      EVENT_STATES.assert(event.status, EventStatus.Published);
      assertPromoterApproved(event.promoter);
      const now = this.clock.now();
      const reasons: string[] = [];
      if ((await countEventTiers(tx, id)) === 0) reasons.push('The event has no ticket tier');
      if (event.startsAt <= now) reasons.push('The event start is not in the future');
      if (event.salesEndAt && event.salesEndAt <= now) reasons.push('The sales window has already closed');
      if (reasons.length > 0) {
        throw new DomainError('EVENT_NOT_PUBLISHABLE', reasons.join('; '), { eventId: id, reasons });
      }
      const from = event.status;
      Object.assign(event, { status: EventStatus.Published, publishedAt: now });
      await tx.save(event);
      await this.events.emit(tx, 'EventPublished', { eventId: event.id, startsAt: event.startsAt });
      await this.record(tx, user, 'event.published', event, meta, { status: from }, { status: event.status });
      return event;
    });
  }

  /**
   * Draft or published → cancelled, which stops all sales (tier availability reads `ended`). This is the one
   * cancellation path. `EventCancelled` is emitted in its transaction: checkout refunds or releases every open
   * order, the waitlist closes, and the reminders are dropped.
   */
  async cancel(
    eventId: string,
    actor: AuthUser,
    meta: RequestMeta,
    options: { reason?: string; manager?: EntityManager } = {},
  ): Promise<Event> {
    return inTransaction(this.dataSource, options.manager, async (tx) => {
      const event = await this.access.forWrite(actor, eventId, MemberRole.Manager, tx);
      const from = event.status;
      EVENT_STATES.assert(from, EventStatus.Cancelled);
      Object.assign(event, { status: EventStatus.Cancelled, cancelledAt: this.clock.now() });
      await tx.save(event);
      await this.events.emit(tx, 'EventCancelled', { eventId });
      await this.record(
        tx,
        actor,
        'event.cancelled',
        event,
        meta,
        { status: from },
        {
          status: event.status,
          ...(options.reason ? { reason: options.reason } : {}),
        },
      );
      return event;
    });
  }

  private assertEditable(event: Event): void {
    if (!EDITABLE_STATUSES.includes(event.status)) {
      throw new DomainError('CONFLICT', `A ${event.status} event cannot be edited`, {
        eventId: event.id,
        status: event.status,
      });
    }
  }

  private async assertNotFrozen(tx: EntityManager, event: Event, changed: (keyof Event)[]): Promise<void> {
    const frozen = changed.filter((k) => FROZEN_ONCE_SOLD.includes(k));
    if (frozen.length === 0) return;
    const { sold, held } = await this.inventory.lockEventTiers(tx, event.id);
    if (sold + held > 0) {
      throw new DomainError(
        'FIELD_FROZEN',
        `${frozen.join(', ')} cannot change once tickets are sold or held`,
        {
          fields: frozen,
          sold,
          held,
        },
      );
    }
  }

  private async record(
    tx: EntityManager,
    actor: AuthUser,
    action: string,
    event: Event,
    meta: RequestMeta,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(tx, {
      actorId: actor.id,
      action,
      entityType: 'event',
      entityId: event.id,
      meta,
      before,
      after: { ...after, promoterId: event.promoterId },
    });
    await this.events.emit(tx, 'CatalogChanged', { eventId: event.id });
    this.logger.log({ eventId: event.id, action, by: actor.id }, 'event changed');
  }
}
