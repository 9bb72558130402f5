import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import type { RequestMeta } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { AppConfig } from '../platform/config/app-config';
import { afterCommit } from '../platform/database/after-commit';
import { EventStatus } from '../catalog/events/event-status';
import { Event } from '../catalog/events/event.entity';
import { NotificationsService } from '../platform/outbox/outbox.service';
import { availableUnits, lockTiers, moveUnits, setLockTimeout } from '../inventory/inventory';
import { PromoterStatus } from '../catalog/promoters/promoter-status';
import { TicketTier } from '../catalog/tiers/ticket-tier.entity';
import { tierAvailability, TierSaleStatus } from '../catalog/tiers/tier-availability';
import { registerUnitsFreedListener, UnitsFreedListener, unregisterUnitsFreedListener } from './units-freed';
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
export class WaitlistOffersService implements UnitsFreedListener, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WaitlistOffersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly waitlist: WaitlistService,
  ) {}

  onModuleInit(): void {
    registerUnitsFreedListener(this.dataSource, this);
  }

  onModuleDestroy(): void {
    unregisterUnitsFreedListener(this.dataSource, this);
  }

  /**
   * Inside the transaction that freed units of `tierIds` (expiry, cancel, refund, lapse, leave, a raised
   * capacity), with those tiers locked: the next waiting entries are offered the units at once, so the public
   * cannot take them first. Tiers in ascending id order, like every other inventory lock.
   */
  async notifyUnitsFreed(manager: EntityManager, tierIds: string[]): Promise<void> {
    for (const tierId of [...new Set(tierIds)].sort()) await this.offerInTransaction(manager, tierId);
  }

  /** The job and the sweeper: offers a tier's free units to the next entries. Safe to run twice or at once. */
  async offerFreedUnits(tierId: string): Promise<number> {
    const offers = await this.dataSource.transaction(async (manager) => {
      await setLockTimeout(manager, this.config.inventory.lockTimeoutMs);
      return this.offerInTransaction(manager, tierId);
    });
    return offers.length;
  }

  /**
   * In the caller's transaction: locks the tier (a no-op when the caller holds the lock already), reserves
   * min(requested, available) units for each next waiting entry in queue order, marks the entries offered and
   * writes their emails. The lapse jobs are queued once the transaction commits.
   */
  async offerInTransaction(manager: EntityManager, tierId: string): Promise<Offer[]> {
    const [tier] = await lockTiers(manager, [tierId]);
    const event = tier ? await this.offerableEvent(manager, tier) : null;
    if (!tier || !event) return [];
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.inventory.waitlistOfferTtlSeconds * 1000);
    let available = availableUnits(tier);
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
    await moveUnits(manager, [{ tierId, held: offers.reduce((sum, o) => sum + o.quantity, 0), sold: 0 }]);
    for (const offer of offers) await this.recordOffer(manager, offer, tier, event, expiresAt);
    const lapses = offers.map((o) => ({ id: o.entry.id, expiresAt }));
    afterCommit(manager, () => this.waitlist.scheduleLapses(lapses));
    this.logger.log({ tierId, offers: offers.length }, 'waitlist offers made');
    return offers;
  }

  /** The lapse job and sweeper: closes the offer if its time is up, releasing its units to the next entry. */
  async lapse(entryId: string): Promise<boolean> {
    const closed = await this.closeAndRollOn(entryId, WaitlistStatus.Lapsed, { overdueAt: this.clock.now() });
    return closed !== null;
  }

  /** The buyer leaves while holding an offer: the same release and roll-on as a lapse. */
  leaveOffer(entryId: string, userId: string, meta: RequestMeta): Promise<ClosedOffer | null> {
    return this.closeAndRollOn(entryId, WaitlistStatus.Left, { userId }, meta);
  }

  /** The lapse sweeper's pass: every overdue offer, whatever Redis remembers. */
  async lapseOverdue(): Promise<number> {
    let lapsed = 0;
    for (const id of await overdueOffers(this.dataSource.manager, this.clock.now(), SWEEP_BATCH)) {
      if (await this.lapse(id)) lapsed++;
    }
    return lapsed;
  }

  /** The offer sweeper's pass: every tier with free units and somebody waiting, whatever Redis remembers. */
  async offerWhereFree(): Promise<number> {
    let offered = 0;
    for (const tierId of await tiersToOffer(this.dataSource.manager, this.clock.now(), SWEEP_BATCH)) {
      offered += await this.offerFreedUnits(tierId);
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
      await setLockTimeout(manager, this.config.inventory.lockTimeoutMs);
      await lockTiers(manager, [tierId]);
      const closed = await closeOffer(manager, entryId, to, this.clock.now(), rule);
      if (!closed) return null;
      // Releasing the units offers them to the next entries in this transaction (see notifyUnitsFreed).
      await moveUnits(manager, [{ tierId, held: -closed.offered_quantity, sold: 0 }]);
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

  /** The tier's event when its units may be offered now: published, approved promoter, tier on sale. */
  private async offerableEvent(manager: EntityManager, tier: TicketTier): Promise<Event | null> {
    if (tier.deletedAt || tier.hidden) return null;
    const event = await manager.findOne(Event, {
      where: { id: tier.eventId },
      withDeleted: true,
      relations: { promoter: true },
    });
    if (!event || event.status !== EventStatus.Published) return null;
    if (event.promoter?.status !== PromoterStatus.Approved) return null;
    const { status } = tierAvailability(
      { ...tier, event: { ...event, deleted: event.deletedAt !== null } },
      this.clock.now(),
    );
    return status === TierSaleStatus.OnSale ? event : null;
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
  }
}
