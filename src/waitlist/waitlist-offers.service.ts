import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { DomainEvents } from '../platform/events/domain-events.service';
import type { RequestMeta } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { AppConfig } from '../platform/config/app-config';
import { afterCommit } from '../platform/database/after-commit';
import { EventStatus } from '../catalog/events/event-status';
import { Event } from '../catalog/events/event.entity';
import { OutboxService } from '../platform/outbox/outbox.service';
import { availableUnits, InventoryService, TierStock } from '../inventory/inventory.service';
import { DomainEventMap } from '../platform/events/domain-events';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { OnJob, Sweep } from '../platform/jobs/job.decorators';
import { JobName, JobPayloads } from '../platform/jobs/queues';
import { PromoterStatus } from '../catalog/promoters/promoter-status';
import { TicketTier } from '../catalog/tiers/ticket-tier.entity';
import { tierAvailability, TierSaleStatus } from '../catalog/tiers/tier-availability';
import { WaitlistStatus } from './waitlist-status';
import {
  ClosedOffer,
  closeOffer,
  lockNextWaiting,
  markOffered,
  overdueOffers,
  tiersToOffer,
  WaitingEntryRow,
} from './waitlist.queries';
import { WaitlistService } from './waitlist.service';

/** How many tiers or offers one sweep handles; the next tick takes the rest. */
const SWEEP_BATCH = 500;

interface Offer {
  entry: WaitingEntryRow;
  quantity: number;
}

/**
 * Offers freed units to a tier's waitlist, and closes offers (lapse, leave) with their units rolling on.
 *
 * Every path takes the tier row lock first (pessimistic write, with the orders' lock timeout) and the entry
 * rows second, so the waitlist's own transactions can never deadlock each other, and the units an offer
 * reserves are counted in `held` in the same locked transaction as every other inventory change.
 */
@Injectable()
export class WaitlistOffersService {
  private readonly logger = new Logger(WaitlistOffersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly waitlist: WaitlistService,
    private readonly inventory: InventoryService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Inside the transaction that freed units of `tierIds` (expiry, cancel, refund, lapse, leave, a raised
   * capacity), with those tiers locked: the next waiting entries are offered the units at once, so the public
   * cannot take them first. Tiers in ascending id order, like every other inventory lock.
   */
  @OnDomainEvent('UnitsFreed', 'in-transaction')
  async notifyUnitsFreed({ tierIds }: DomainEventMap['UnitsFreed'], manager: EntityManager): Promise<void> {
    for (const tierId of [...new Set(tierIds)].sort()) await this.offerInTransaction(manager, tierId);
  }

  /** The job (and the sweep): offers a tier's free units to the next entries. Safe to run twice or at once. */
  @OnJob(JobName.OfferWaitlistUnits)
  async offerFreedUnits({ tierId }: JobPayloads[JobName.OfferWaitlistUnits]): Promise<number> {
    const offers = await this.dataSource.transaction((manager) => this.offerInTransaction(manager, tierId));
    return offers.length;
  }

  /**
   * In the caller's transaction: locks the tier (a no-op when the caller holds the lock already), reserves
   * min(requested, available) units for each next waiting entry in queue order, marks the entries offered and
   * writes their emails. The lapse jobs are queued once the transaction commits.
   */
  async offerInTransaction(manager: EntityManager, tierId: string): Promise<Offer[]> {
    const stock = (await this.inventory.lockTiers(manager, [tierId])).get(tierId);
    const found = stock && !stock.deleted ? await this.offerable(manager, stock) : null;
    if (!stock || !found) return [];
    const { tier, event } = found;
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.inventory.waitlistOfferTtlSeconds * 1000);
    let available = availableUnits(stock);
    const offers: Offer[] = [];
    while (available > 0) {
      const batch = await lockNextWaiting(manager, tierId, available);
      if (batch.length === 0) break;
      const served: Offer[] = [];
      for (const entry of batch) {
        if (available === 0) break;
        const quantity = Math.min(entry.quantity, available);
        available -= quantity;
        served.push({ entry, quantity });
      }
      await markOffered(
        manager,
        served.map((o) => ({ id: o.entry.id, quantity: o.quantity })),
        now,
        expiresAt,
      );
      offers.push(...served);
    }
    if (offers.length === 0) return [];
    await this.inventory.move(manager, [
      { tierId, held: offers.reduce((sum, o) => sum + o.quantity, 0), sold: 0 },
    ]);
    for (const offer of offers) await this.recordOffer(manager, offer, tier, event, expiresAt);
    const lapses = offers.map((o) => ({ id: o.entry.id, expiresAt }));
    afterCommit(manager, () => this.waitlist.scheduleLapses(lapses));
    this.logger.log({ tierId, offers: offers.length }, 'waitlist offers made');
    return offers;
  }

  /** The lapse job: closes the offer if its time is up, releasing its units to the next entry. */
  @OnJob(JobName.LapseWaitlistOffer)
  async lapseJob({ entryId }: JobPayloads[JobName.LapseWaitlistOffer]): Promise<boolean> {
    return this.lapse(entryId, this.clock.now());
  }

  /** Closes the offer if it is overdue at `now`, releasing its units to the next entry. */
  async lapse(entryId: string, now: Date): Promise<boolean> {
    const closed = await this.closeAndRollOn(entryId, WaitlistStatus.Lapsed, { overdueAt: now });
    return closed !== null;
  }

  /** The buyer leaves while holding an offer: the same release and roll-on as a lapse. */
  leaveOffer(entryId: string, userId: string, meta: RequestMeta): Promise<ClosedOffer | null> {
    return this.closeAndRollOn(entryId, WaitlistStatus.Left, { userId }, meta);
  }

  /** The lapse sweep: every offer overdue at `now`, whatever Redis remembers. */
  @Sweep({ name: 'waitlist-lapses' })
  async lapseOverdue(now: Date): Promise<number> {
    let lapsed = 0;
    for (const id of await overdueOffers(this.dataSource.manager, now, SWEEP_BATCH)) {
      if (await this.lapse(id, now)) lapsed++;
    }
    return lapsed;
  }

  /**
   * The offer sweep: every tier with free units and somebody waiting, whatever Redis remembers. The guarantee
   * behind the offer jobs, should Redis forget them or the process die between a commit and its enqueue.
   */
  @Sweep({ name: 'waitlist-offers' })
  async offerWhereFree(now: Date): Promise<number> {
    let offered = 0;
    for (const tierId of await tiersToOffer(this.dataSource.manager, now, SWEEP_BATCH)) {
      offered += await this.offerFreedUnits({ tierId });
    }
    return offered;
  }

  private async closeAndRollOn(
    entryId: string,
    to: WaitlistStatus.Lapsed | WaitlistStatus.Left,
    rule: { overdueAt?: Date; userId?: string },
    meta?: RequestMeta,
  ): Promise<ClosedOffer | null> {
    const rows = (await this.dataSource.query(`SELECT tier_id FROM waitlist_entries WHERE id = $1`, [
      entryId,
    ])) as Array<{ tier_id: string }>;
    if (rows.length === 0) return null;
    const tierId = rows[0].tier_id;
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.lockTiers(manager, [tierId]);
      const closed = await closeOffer(manager, entryId, to, this.clock.now(), rule);
      if (!closed) return null;
      // Releasing the units offers them to the next entries in this transaction (see notifyUnitsFreed).
      await this.inventory.move(manager, [{ tierId, held: -closed.offered_quantity, sold: 0 }]);
      await this.audit.record(manager, {
        actorId: rule.userId ?? null,
        action: to === WaitlistStatus.Lapsed ? 'waitlist.lapsed' : 'waitlist.left',
        entityType: 'waitlist_entry',
        entityId: entryId,
        meta,
        before: { status: WaitlistStatus.Offered },
        after: { status: to, tierId, releasedUnits: closed.offered_quantity },
      });
      return closed;
    });
  }

  /** The tier and its event when its units may be offered now: published, approved promoter, tier on sale. */
  private async offerable(
    manager: EntityManager,
    stock: TierStock,
  ): Promise<{ tier: TicketTier; event: Event } | null> {
    const tier = await manager.findOne(TicketTier, { where: { id: stock.id } });
    if (!tier || tier.hidden) return null;
    const event = await manager.findOne(Event, {
      where: { id: tier.eventId },
      withDeleted: true,
      relations: { promoter: true },
    });
    if (!event || event.status !== EventStatus.Published) return null;
    if (event.promoter?.status !== PromoterStatus.Approved) return null;
    const { status } = tierAvailability(
      {
        ...stock,
        salesStartAt: tier.salesStartAt,
        salesEndAt: tier.salesEndAt,
        event: { ...event, deleted: event.deletedAt !== null },
      },
      this.clock.now(),
    );
    return status === TierSaleStatus.OnSale ? { tier, event } : null;
  }

  private async recordOffer(
    manager: EntityManager,
    offer: Offer,
    tier: TicketTier,
    event: Event,
    expiresAt: Date,
  ): Promise<void> {
    const { entry, quantity } = offer;
    await this.audit.record(manager, {
      actorId: null,
      action: 'waitlist.offered',
      entityType: 'waitlist_entry',
      entityId: entry.id,
      before: { status: WaitlistStatus.Waiting },
      after: { status: WaitlistStatus.Offered, tierId: tier.id, quantity, offerExpiresAt: expiresAt },
    });
    await this.notifications.enqueue(manager, {
      to: entry.email,
      template: 'waitlist-offer',
      data: {
        name: entry.name,
        eventTitle: event.title,
        tierName: tier.name,
        quantity,
        requestedQuantity: entry.quantity,
        partial: quantity < entry.quantity,
        startsAt: event.startsAt,
        timezone: event.timezone,
        offerExpiresAt: expiresAt,
        claimUrl: `${this.config.publicUrl}/waitlist/${entry.id}/claim`,
        entryId: entry.id,
      },
      dedupeKey: `waitlist-offer:${entry.id}`,
    });
    await this.events.emit(manager, 'WaitlistOffered', {
      entryId: entry.id,
      userId: entry.user_id,
      eventId: event.id,
      tierId: tier.id,
      quantity,
      offerExpiresAt: expiresAt,
    });
  }
}
