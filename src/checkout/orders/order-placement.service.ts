import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventStatus } from '../../catalog/events/event-status';
import { PromoterStatus } from '../../catalog/promoters/promoter-status';
import { tierAvailability, TierSaleStatus } from '../../catalog/tiers/tier-availability';
import { availableUnits, InventoryService, TierStock } from '../../inventory/inventory.service';
import type { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../platform/errors/domain-error';
import { CheckoutEvent, CheckoutTier } from './checkout-snapshot';
import { CreateOrderDto } from './dto/create-order.dto';
import { buildHoldPlan, HoldPlan, PlanLine } from './hold-plan';
import { insertHoldRows, loadCheckoutSnapshot } from './hold.queries';
import { OrderExpiryService } from './order-expiry.service';

/** Thrown inside the hold transaction to roll it back when overdue holds are what blocks the buyer. */
class OverdueHoldsBlock extends Error {
  constructor(readonly tierIds: string[]) {
    super('overdue holds block this order');
  }
}

interface Shortage {
  tierId: string;
  requested: number;
  available: number;
}

function insufficient(shortages: Shortage[]): DomainError {
  const [first] = shortages;
  return new DomainError(
    'INSUFFICIENT_INVENTORY',
    first.available === 0 ? 'This tier is sold out' : `Only ${first.available} ticket(s) are left`,
    { ...first, ...(shortages.length > 1 ? { shortages } : {}) },
  );
}

/**
 * `POST /orders`: turns a request into a hold. The inventory transaction follows DESIGN.md exactly: write the
 * order rows, lock the tier rows (ascending ids, with a lock timeout), check, increment `held`, commit. All the
 * reading and validating happens before it, so the hot tier row stays locked for one short step.
 */
@Injectable()
export class OrderPlacementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly inventory: InventoryService,
    private readonly expiry: OrderExpiryService,
  ) {}

  /**
   * Creates the hold and schedules its expiry. Payment is started by the caller, after the commit. `orderId`
   * is given when it derives from an Idempotency-Key.
   */
  async placeHold(buyer: AuthUser, dto: CreateOrderDto, orderId?: string): Promise<HoldPlan> {
    const plan = await this.plan(buyer, dto, orderId);
    try {
      await this.hold(plan, true);
    } catch (err) {
      if (!(err instanceof OverdueHoldsBlock)) throw err;
      await this.expiry.expireOverdueOnTiers(err.tierIds);
      await this.hold(plan, false);
    }
    await this.expiry.scheduleExpiry(plan.order);
    return plan;
  }

  /** Reads and validates without locks: the event, its promoter, the tiers, the limits and prices. */
  private async plan(buyer: AuthUser, dto: CreateOrderDto, orderId?: string): Promise<HoldPlan> {
    const now = this.clock.now();
    const snapshot = await loadCheckoutSnapshot(
      this.dataSource.manager,
      dto.eventId,
      dto.items.map((i) => i.tierId),
    );
    if (!snapshot || snapshot.event.deleted) throw DomainError.notFound('Event', dto.eventId);
    const { event, tiers } = snapshot;
    if (event.status !== EventStatus.Published || event.promoterStatus !== PromoterStatus.Approved) {
      throw new DomainError('EVENT_NOT_ON_SALE', 'This event is not on sale', { status: event.status });
    }
    const byId = new Map(tiers.map((t) => [t.id, t]));
    const lines = dto.items.map((item) => {
      const tier = byId.get(item.tierId);
      if (!tier) throw this.notOnSale(item.tierId, 'not a tier of this event');
      this.checkOnSale(tier, event, now);
      if (item.quantity < tier.minPerOrder || item.quantity > tier.maxPerOrder) {
        throw new DomainError(
          'ORDER_LIMIT_EXCEEDED',
          `Order between ${tier.minPerOrder} and ${tier.maxPerOrder} tickets of this tier`,
          { tierId: tier.id, minPerOrder: tier.minPerOrder, maxPerOrder: tier.maxPerOrder },
        );
      }
      return { tier, quantity: item.quantity };
    });
    await this.precheckInventory(lines);
    return buildHoldPlan({
      orderId,
      buyerId: buyer.id,
      event,
      lines,
      now,
      holdTtlSeconds: this.config.inventory.holdTtlSeconds,
      bookingFeeBps: this.config.orders.bookingFeeBps,
    });
  }

  private checkOnSale(tier: CheckoutTier, event: CheckoutEvent, now: Date): void {
    if (tier.hidden) throw this.notOnSale(tier.id, 'hidden');
    const { status } = tierAvailability({ ...tier, event }, now);
    if (status === TierSaleStatus.NotStarted || status === TierSaleStatus.Ended) {
      throw this.notOnSale(tier.id, status);
    }
  }

  private notOnSale(tierId: string, reason: string): DomainError {
    return new DomainError('TIER_NOT_ON_SALE', 'This tier is not on sale', { tierId, reason });
  }

  /**
   * A sold-out flood is refused from this unlocked read, without queueing on the hot row. It can only err
   * towards trying: a stale read that shows units goes on to the locked check, and units held by overdue holds
   * count as available here, because the order path expires those before it answers.
   */
  private async precheckInventory(lines: Array<PlanLine & { tier: CheckoutTier }>): Promise<void> {
    const short = lines
      .filter((l) => availableUnits(l.tier) < l.quantity)
      .map((l) => ({ tierId: l.tier.id, requested: l.quantity, available: availableUnits(l.tier) }));
    if (short.length === 0) return;
    const overdue = await this.expiry.overdueOrderIds(
      this.dataSource.manager,
      short.map((s) => s.tierId),
      1,
    );
    if (overdue.length === 0) throw insufficient(short);
  }

  /** The inventory transaction. */
  private async hold(plan: HoldPlan, mayExpireOverdue: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await insertHoldRows(manager, plan.order, plan.items, this.inventory.lockTimeout());
      const locked = await this.inventory.lockTiers(
        manager,
        plan.items.map((i) => i.tierId),
      );
      const shortages = this.shortages(plan, locked);
      if (shortages.length > 0) {
        const tierIds = shortages.map((s) => s.tierId);
        if (mayExpireOverdue && (await this.expiry.overdueOrderIds(manager, tierIds, 1)).length > 0) {
          throw new OverdueHoldsBlock(tierIds);
        }
        throw insufficient(shortages);
      }
      const now = this.clock.now();
      const lines = plan.items.map((i) => ({ tierId: i.tierId, quantity: i.quantity }));
      if (!(await this.inventory.takeHeld(manager, plan.order.buyerId, lines, now))) {
        throw await this.buyerLimitError(manager, plan, locked, now);
      }
    });
  }

  private shortages(plan: HoldPlan, locked: Map<string, TierStock>): Shortage[] {
    return plan.items.flatMap((item) => {
      const tier = locked.get(item.tierId);
      if (!tier || tier.deleted) throw this.notOnSale(item.tierId, 'deleted');
      const available = availableUnits(tier);
      return available < item.quantity ? [{ tierId: item.tierId, requested: item.quantity, available }] : [];
    });
  }

  /**
   * A buyer may not hold more than a tier's `maxPerOrder` across their open holds; `InventoryService.takeHeld`
   * enforces it under the tier lock. This only explains the refusal.
   */
  private async buyerLimitError(
    manager: EntityManager,
    plan: HoldPlan,
    locked: Map<string, TierStock>,
    now: Date,
  ): Promise<DomainError> {
    const open = await this.inventory.buyerOpenUnits(
      manager,
      plan.order.buyerId,
      plan.items.map((i) => i.tierId),
      now,
    );
    const tier =
      [...locked.values()].find((t) => (open.get(t.id) ?? 0) > t.maxPerOrder) ?? [...locked.values()][0];
    return new DomainError(
      'BUYER_LIMIT_EXCEEDED',
      `You may hold at most ${tier.maxPerOrder} tickets of this tier at a time`,
      { tierId: tier.id, maxPerOrder: tier.maxPerOrder, requestedTotal: open.get(tier.id) ?? 0 },
    );
  }
}
