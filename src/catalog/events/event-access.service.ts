import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { MemberRole } from '../../access/member-role';
import { AccessService } from '../../access/access.service';
import { PromoterStatus } from '../promoters/promoter-status';
import { InventoryService } from '../../inventory/inventory.service';
import { Promoter } from '../promoters/promoter.entity';
import { TicketTier } from '../tiers/ticket-tier.entity';
import { findEventTiers } from '../tiers/tier.queries';
import { EventStatus } from './event-status';
import { Event } from './event.entity';

export type EventWithPromoter = Event & { promoter: Promoter };

export interface VisibleEvent {
  event: EventWithPromoter;
  /** The viewer is a member of the event's promoter or an admin: drafts, deleted events and hidden tiers show. */
  isMember: boolean;
}

/**
 * Who may see and who may change an event. The public sees non-draft, non-deleted events of approved
 * promoters; members and admins see everything of theirs; everyone else gets 404, never 403, so ids don't leak.
 */
@Injectable()
export class EventAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly promoterAccess: AccessService,
    private readonly inventory: InventoryService,
  ) {}

  /**
   * The event as `viewer` (signed in or not) may see it, with its promoter loaded. `reader` is where the event
   * and tiers are read from: the public catalogue passes the read replica's manager (ReadDatabase); membership is
   * always checked on the primary.
   */
  async visible(
    viewer: AuthUser | undefined,
    id: string,
    reader: EntityManager = this.dataSource.manager,
  ): Promise<VisibleEvent> {
    const event = await reader.findOne(Event, {
      where: { id },
      withDeleted: true,
      relations: { promoter: true },
    });
    if (!event || !hasPromoter(event)) throw DomainError.notFound('Event', id);
    if (await this.promoterAccess.roleIn(viewer, event.promoterId)) return { event, isMember: true };
    const hidden =
      event.deletedAt !== null ||
      event.status === EventStatus.Draft ||
      event.promoter.status !== PromoterStatus.Approved ||
      event.promoter.deletedAt !== null;
    if (hidden) throw DomainError.notFound('Event', id);
    return { event, isMember: false };
  }

  /** The visible event with the tiers the viewer may see (hidden ones only for members and admins). */
  async withTiers(
    viewer: AuthUser | undefined,
    id: string,
    reader: EntityManager = this.dataSource.manager,
  ): Promise<VisibleEvent & { tiers: TicketTier[] }> {
    const visible = await this.visible(viewer, id, reader);
    const tiers = await findEventTiers(reader, id, { includeHidden: visible.isMember });
    return { ...visible, tiers };
  }

  /**
   * The event for a change, locked for the rest of the caller's transaction, with its promoter loaded. Checks
   * membership first and locks second, so a stranger never holds the row. Deleted events are gone for writes.
   * `notFound` names the object the caller asked for (a tier, say) in the 404.
   */
  async forWrite(
    user: AuthUser,
    id: string,
    minRole: MemberRole,
    tx: EntityManager,
    notFound: { entity: string; id: string } = { entity: 'Event', id },
  ): Promise<EventWithPromoter> {
    const found = await tx.findOne(Event, { where: { id }, select: { id: true, promoterId: true } });
    if (!found) throw DomainError.notFound(notFound.entity, notFound.id);
    await this.promoterAccess.requireMember(user, found.promoterId, minRole, { manager: tx, notFound });
    await this.inventory.setLockTimeout(tx);
    const event = await tx.findOne(Event, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!event) throw DomainError.notFound(notFound.entity, notFound.id);
    const promoter = await tx.findOneByOrFail(Promoter, { id: event.promoterId });
    return Object.assign(event, { promoter });
  }
}

const hasPromoter = (e: Event): e is EventWithPromoter => e.promoter !== undefined && e.promoter !== null;
