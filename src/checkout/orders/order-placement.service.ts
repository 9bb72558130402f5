import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  codeAppliesToAny,
  codeInvalidReason,
  codeOpensPresale,
  codeRevealsTier,
  invalidCode,
  normalizeCode,
  usableCode,
} from '../../catalog/codes/code-rules';
import { EventStatus } from '../../catalog/events/event-status';
import { PromoterStatus } from '../../catalog/promoters/promoter-status';
import { tierAvailability, TierSaleStatus } from '../../catalog/tiers/tier-availability';
import { CodeStock, CodeStockService, usesLeft } from '../../inventory/code-stock.service';
import { availableUnits, InventoryService, TierStock } from '../../inventory/inventory.service';
import { Entry, KeyedBatcher } from '../../platform/concurrency/keyed-batcher';
import type { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../platform/errors/domain-error';
import { AttendeeDetailsPolicy } from '../../catalog/questions/question-type';
import { AdmissionTokens } from '../../demand/admission/admission-tokens';
import {
  LockedAdmission,
  lockAdmissions,
  markAdmissionsUsed,
} from '../../demand/admission/admission.queries';
import { CheckoutCode, CheckoutEvent, CheckoutTier } from './checkout-snapshot';
import { CreateOrderDto } from './dto/create-order.dto';
import { buildHoldPlan, HoldPlan, PlanLine } from './hold-plan';
import {
  codeUsesOfBuyers,
  deleteOrders,
  insertHoldRows,
  loadCheckoutSnapshot,
  openUnitsOfBuyers,
} from './hold.queries';
import { OrderExpiryService } from './order-expiry.service';

/** How many holds one transaction places at most. */
const MAX_BATCH = 200;

/** A hold waiting for its batch. `mayExpireOverdue` is false once overdue holds were expired for it. */
interface HoldRequest {
  plan: HoldPlan;
  mayExpireOverdue: boolean;
}

interface Shortage {
  tierId: string;
  requested: number;
  available: number;
}

/** Refusals a request gets only because overdue holds still count: tried again once those are expired. */
const FREED_BY_EXPIRY: readonly string[] = ['INSUFFICIENT_INVENTORY', 'CODE_EXHAUSTED'];

/** What a batch decides with, read under its locks. */
interface BatchStock {
  tiers: Map<string, TierStock>;
  codes: Map<string, CodeStock>;
  /** Each buyer's units in their other open holds, `buyerId:tierId`. */
  openUnits: Map<string, number>;
  /** Each buyer's other orders carrying a code, `buyerId:codeId`. */
  codeUses: Map<string, number>;
  /** The waiting-room entries whose tokens the batch carries, locked. */
  admissions: Map<string, LockedAdmission>;
}

function admissionRefused(
  code: 'QUEUE_ADMISSION_INVALID' | 'QUEUE_ADMISSION_EXPIRED' | 'QUEUE_ADMISSION_USED',
  reason: string,
): DomainError {
  const messages = {
    QUEUE_ADMISSION_INVALID: 'This admission token is not valid for you and this event',
    QUEUE_ADMISSION_EXPIRED: 'Your admission has expired; its slot went to the next buyer',
    QUEUE_ADMISSION_USED: 'This admission token has already placed an order',
  } as const;
  return new DomainError(code, messages[code], { reason });
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
 * `POST /orders`: turns a request into a hold. Everything that can be decided without a lock (the event, its
 * promoter, the tiers, limits, prices, an obvious sell-out) is decided per request from one unlocked read. The
 * holds then go through a per-tier batch: requests for the same tiers that arrive while a batch is in its
 * transaction are placed together in the next one, which writes all their orders in one statement, locks the
 * tiers (ascending ids, the one lock timeout), reads the buyers' other open holds, decides each request in
 * arrival order (all of an order's lines or none; a request refused for its own reason never fails another),
 * increments `held` by the sum in one statement, drops the refused orders and commits. A tier thus sells faster
 * than one transaction per hold allows, and each buyer still gets their own answer.
 *
 * A code is inventory too: its row is locked after the tiers (ascending ids), each request is decided against
 * the uses it has left and the buyer's own limit in the same arrival order, and the batch's uses go to `held`
 * in one statement. A batch without codes reads and locks nothing more.
 */
@Injectable()
export class OrderPlacementService {
  private readonly batcher = new KeyedBatcher<HoldRequest, HoldPlan>(
    (_key, batch) => this.runBatch(batch),
    MAX_BATCH,
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly inventory: InventoryService,
    private readonly codeStock: CodeStockService,
    private readonly expiry: OrderExpiryService,
    private readonly admissionTokens: AdmissionTokens,
  ) {}

  /**
   * Places the hold and answers with it once its batch has committed; payment is the caller's next step.
   * `orderId` is given when it derives from an Idempotency-Key; `queueToken` is the `X-Queue-Token` header.
   */
  async placeHold(
    buyer: AuthUser,
    dto: CreateOrderDto,
    orderId?: string,
    queueToken?: string,
  ): Promise<HoldPlan> {
    return this.submit(await this.plan(buyer, dto, orderId, queueToken), true);
  }

  private submit(plan: HoldPlan, mayExpireOverdue: boolean): Promise<HoldPlan> {
    const key = [...new Set(plan.items.map((i) => i.tierId))].sort().join(',');
    return this.batcher.submit(key, { plan, mayExpireOverdue });
  }
  /** Reads and validates without locks: the event, its promoter, the tiers, the code, the limits and prices. */
  private async plan(
    buyer: AuthUser,
    dto: CreateOrderDto,
    orderId?: string,
    queueToken?: string,
  ): Promise<HoldPlan> {
    const now = this.clock.now();
    const snapshot = await loadCheckoutSnapshot(
      this.dataSource.manager,
      dto.eventId,
      dto.items.map((i) => i.tierId),
      dto.code === undefined ? null : normalizeCode(dto.code),
    );
    if (!snapshot || snapshot.event.deleted) throw DomainError.notFound('Event', dto.eventId);
    const { event, tiers } = snapshot;
    if (event.status !== EventStatus.Published || event.promoterStatus !== PromoterStatus.Approved) {
      throw new DomainError('EVENT_NOT_ON_SALE', 'This event is not on sale', { status: event.status });
    }
    const admissionEntryId = event.queueEnabled
      ? this.admission(buyer, event.id, queueToken, now)
      : undefined;
    const code = dto.code === undefined ? null : usableCode(snapshot.code, now);
    const byId = new Map(tiers.map((t) => [t.id, t]));
    const lines = dto.items.map((item) => {
      const tier = byId.get(item.tierId);
      if (!tier) throw this.notOnSale(item.tierId, 'not a tier of this event');
      this.checkOnSale(tier, event, now, code);
      if (item.quantity < tier.minPerOrder || item.quantity > tier.maxPerOrder) {
        throw new DomainError(
          'ORDER_LIMIT_EXCEEDED',
          `Order between ${tier.minPerOrder} and ${tier.maxPerOrder} tickets of this tier`,
          { tierId: tier.id, minPerOrder: tier.minPerOrder, maxPerOrder: tier.maxPerOrder },
        );
      }
      return { tier, quantity: item.quantity };
    });
    if (
      code &&
      !codeAppliesToAny(
        code,
        tiers.map((t) => t.id),
      )
    ) {
      throw new DomainError('CODE_NOT_APPLICABLE', 'This code does not apply to these tickets', {
        tierIds: code.tierIds,
      });
    }
    await this.precheckInventory(lines);
    if (code) await this.precheckCode(code);
    const plan = buildHoldPlan({
      orderId,
      buyerId: buyer.id,
      event,
      lines,
      code,
      attendeesRequired: tiers.some(
        (t) => t.attendeeDetails === AttendeeDetailsPolicy.Required || t.asksRequired,
      ),
      now,
      holdTtlSeconds: this.config.inventory.holdTtlSeconds,
      bookingFeeBps: this.config.orders.bookingFeeBps,
    });
    return admissionEntryId ? { ...plan, admissionEntryId } : plan;
  }

  /**
   * The waiting-room entry an event with a queue needs, from the signed token alone (its signature, buyer, event
   * and expiry); whether it is still unused is decided under its row lock in the hold transaction.
   */
  private admission(buyer: AuthUser, eventId: string, token: string | undefined, now: Date): string {
    if (!token) {
      throw new DomainError(
        'QUEUE_ADMISSION_REQUIRED',
        'This event has a waiting room: join it and send your admission token as X-Queue-Token',
      );
    }
    const checked = this.admissionTokens.check(token, { userId: buyer.id, eventId, now });
    if (checked === 'expired') throw admissionRefused('QUEUE_ADMISSION_EXPIRED', checked);
    if (typeof checked === 'string') throw admissionRefused('QUEUE_ADMISSION_INVALID', checked);
    return checked.entryId;
  }

  /** A hidden tier sells only with an access code naming it; a presale code opens a tier before its window. */
  private checkOnSale(tier: CheckoutTier, event: CheckoutEvent, now: Date, code: CheckoutCode | null): void {
    if (tier.hidden && !codeRevealsTier(code, tier.id)) throw this.notOnSale(tier.id, 'hidden');
    const { status } = tierAvailability({ ...tier, event }, now);
    if (status === TierSaleStatus.NotStarted && codeOpensPresale(code, tier.id)) return;
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

  /**
   * A code whose uses are all taken is refused from the unlocked read, like a sold-out tier, unless overdue holds
   * carry it (the order path expires those before it answers).
   */
  private async precheckCode(code: CheckoutCode): Promise<void> {
    if (usesLeft(code) !== 0) return;
    const overdue = await this.expiry.overdueOrderIds(this.dataSource.manager, [], 1, [code.id]);
    if (overdue.length === 0) throw this.exhausted('max_uses', code.maxUses!);
  }

  private exhausted(reason: 'max_uses' | 'max_per_buyer', limit: number): DomainError {
    return new DomainError(
      'CODE_EXHAUSTED',
      reason === 'max_uses' ? 'This code has been used up' : 'You have used this code as often as it allows',
      { reason, limit },
    );
  }

  /**
   * One batch: the transaction, then each request's answer. A request refused for want of units while overdue
   * holds sit on its tiers is tried once more after those are expired (off this batch's path).
   */
  private async runBatch(batch: Array<Entry<HoldRequest, HoldPlan>>): Promise<void> {
    const refusals = await this.holdBatch(batch.map((e) => e.item.plan));
    const retry: Array<Entry<HoldRequest, HoldPlan>> = [];
    for (const entry of batch) {
      const refusal = refusals.get(entry.item.plan.order.id);
      if (!refusal) entry.resolve(entry.item.plan);
      else if (FREED_BY_EXPIRY.includes(refusal.code) && entry.item.mayExpireOverdue) retry.push(entry);
      else entry.reject(refusal);
    }
    if (retry.length > 0) void this.retryAfterExpiring(retry, refusals);
  }

  /** The batch's transaction. Returns the refusal of each refused order (accepted ones are absent). */
  private async holdBatch(plans: HoldPlan[]): Promise<Map<string, DomainError>> {
    return this.dataSource.transaction(async (manager) => {
      const written = await insertHoldRows(manager, plans, this.inventory.lockTimeout());
      const duplicates = plans.filter((p) => !written.has(p.order.id));
      plans = plans.filter((p) => written.has(p.order.id));
      const tierIds = [...new Set(plans.flatMap((p) => p.items.map((i) => i.tierId)))];
      // The buyers' own waiting-room rows, before the hot tier rows.
      const admissions = await lockAdmissions(
        manager,
        plans.flatMap((p) => (p.admissionEntryId ? [p.admissionEntryId] : [])),
      );
      const tiers = await this.inventory.lockTiers(manager, tierIds);
      // After the tiers, as on every path that moves a code's uses.
      const codes = await this.codeStock.lock(manager, codeIdsOf(plans));
      const now = this.clock.now();
      const buyerIds = plans.map((p) => p.order.buyerId);
      const orderIds = plans.map((p) => p.order.id);
      const limited = [...codes.values()].filter((c) => c.maxPerBuyer !== null).map((c) => c.id);
      const stock: BatchStock = {
        tiers,
        codes,
        openUnits: await openUnitsOfBuyers(manager, buyerIds, tierIds, now, orderIds),
        codeUses: await codeUsesOfBuyers(manager, limited, buyerIds, now, orderIds),
        admissions,
      };
      const { refusals, taken, uses, admitted } = this.decide(plans, stock, now);
      await this.inventory.move(
        manager,
        [...taken].map(([tierId, held]) => ({ tierId, held, sold: 0 })),
      );
      await this.codeStock.move(
        manager,
        [...uses].map(([codeId, held]) => ({ codeId, held, used: 0 })),
      );
      await markAdmissionsUsed(manager, admitted, now);
      await deleteOrders(manager, [...refusals.keys()]);
      for (const { order } of duplicates) {
        refusals.set(
          order.id,
          new DomainError(
            'IDEMPOTENCY_KEY_IN_FLIGHT',
            'A request with this Idempotency-Key is placing this order; retry to get its answer',
          ),
        );
      }
      return refusals;
    });
  }

  /**
   * Each request in arrival order, as if alone: all its lines fit in what is left and within the buyer's limit
   * (their other open holds plus what this batch already gave them), its code (if any) still has a use left for
   * everyone and for this buyer, or it is refused with its own reason.
   */
  private decide(
    plans: HoldPlan[],
    stock: BatchStock,
    now: Date,
  ): {
    refusals: Map<string, DomainError>;
    taken: Map<string, number>;
    uses: Map<string, number>;
    admitted: Array<{ entryId: string; orderId: string }>;
  } {
    const left = new Map([...stock.tiers].map(([id, t]) => [id, availableUnits(t)]));
    const codesLeft = new Map([...stock.codes].map(([id, c]) => [id, usesLeft(c)]));
    const held = new Map(stock.openUnits);
    const codeUses = new Map(stock.codeUses);
    const taken = new Map<string, number>();
    const uses = new Map<string, number>();
    const refusals = new Map<string, DomainError>();
    const admitted: Array<{ entryId: string; orderId: string }> = [];
    const claimed = new Set<string>();
    for (const { order, items, admissionEntryId } of plans) {
      const refusal =
        this.admissionRefusal(admissionEntryId, stock.admissions, claimed, now) ??
        this.refusalOf(items, order.buyerId, stock.tiers, left, held) ??
        this.codeRefusal(order, stock.codes, codesLeft, codeUses, now);
      if (refusal) {
        refusals.set(order.id, refusal);
        continue;
      }
      if (admissionEntryId) {
        claimed.add(admissionEntryId);
        admitted.push({ entryId: admissionEntryId, orderId: order.id });
      }
      for (const { tierId, quantity } of items) {
        left.set(tierId, left.get(tierId)! - quantity);
        held.set(`${order.buyerId}:${tierId}`, (held.get(`${order.buyerId}:${tierId}`) ?? 0) + quantity);
        taken.set(tierId, (taken.get(tierId) ?? 0) + quantity);
      }
      if (order.promoCodeId) {
        const codeId = order.promoCodeId;
        const remaining = codesLeft.get(codeId);
        if (remaining !== null && remaining !== undefined) codesLeft.set(codeId, remaining - 1);
        codeUses.set(`${order.buyerId}:${codeId}`, (codeUses.get(`${order.buyerId}:${codeId}`) ?? 0) + 1);
        uses.set(codeId, (uses.get(codeId) ?? 0) + 1);
      }
    }
    return { refusals, taken, uses, admitted };
  }

  /**
   * A hold's admission, as locked: still `admitted`, unexpired, and not taken by an earlier hold of this batch. A
   * hold refused for another reason leaves it unused.
   */
  private admissionRefusal(
    entryId: string | undefined,
    admissions: Map<string, LockedAdmission>,
    claimed: Set<string>,
    now: Date,
  ): DomainError | null {
    if (!entryId) return null;
    const admission = admissions.get(entryId);
    if (!admission) return admissionRefused('QUEUE_ADMISSION_INVALID', 'unknown_entry');
    if (admission.status === 'used' || claimed.has(entryId)) {
      return admissionRefused('QUEUE_ADMISSION_USED', 'used');
    }
    if (admission.status !== 'admitted' || admission.admissionExpiresAt! <= now) {
      return admissionRefused('QUEUE_ADMISSION_EXPIRED', 'lapsed');
    }
    return null;
  }

  private refusalOf(
    items: HoldPlan['items'],
    buyerId: string,
    stock: Map<string, TierStock>,
    left: Map<string, number>,
    held: Map<string, number>,
  ): DomainError | null {
    const shortages: Shortage[] = [];
    for (const { tierId, quantity } of items) {
      const tier = stock.get(tierId);
      if (!tier || tier.deleted) return this.notOnSale(tierId, 'deleted');
      const available = left.get(tierId) ?? 0;
      if (available < quantity) shortages.push({ tierId, requested: quantity, available });
    }
    if (shortages.length > 0) return insufficient(shortages);
    for (const { tierId, quantity } of items) {
      const tier = stock.get(tierId)!;
      const total = (held.get(`${buyerId}:${tierId}`) ?? 0) + quantity;
      if (total > tier.maxPerOrder) {
        return new DomainError(
          'BUYER_LIMIT_EXCEEDED',
          `You may hold at most ${tier.maxPerOrder} tickets of this tier at a time`,
          { tierId, maxPerOrder: tier.maxPerOrder, requestedTotal: total },
        );
      }
    }
    return null;
  }

  /** An order's code, as locked: still usable, a use left for everyone, and one left for this buyer. */
  private codeRefusal(
    order: HoldPlan['order'],
    codes: Map<string, CodeStock>,
    codesLeft: Map<string, number | null>,
    codeUses: Map<string, number>,
    now: Date,
  ): DomainError | null {
    if (!order.promoCodeId) return null;
    const code = codes.get(order.promoCodeId)!;
    // Deactivated or expired since the unlocked read: refused as it would have been then.
    const invalid = codeInvalidReason(code, now);
    if (invalid) return invalidCode(invalid);
    if (codesLeft.get(code.id) === 0) return this.exhausted('max_uses', code.maxUses!);
    const mine = codeUses.get(`${order.buyerId}:${code.id}`) ?? 0;
    if (code.maxPerBuyer !== null && mine >= code.maxPerBuyer) {
      return this.exhausted('max_per_buyer', code.maxPerBuyer);
    }
    return null;
  }

  /**
   * Overdue holds that the sweep has not reached yet must not refuse a buyer: expire the ones on these tiers (or
   * carrying these codes), then place each request once more. Without overdue holds, the refusal stands.
   */
  private async retryAfterExpiring(
    entries: Array<Entry<HoldRequest, HoldPlan>>,
    refusals: Map<string, DomainError>,
  ): Promise<void> {
    const tierIds = [...new Set(entries.flatMap((e) => e.item.plan.items.map((i) => i.tierId)))];
    const codeIds = codeIdsOf(entries.map((e) => e.item.plan));
    try {
      const overdue = await this.expiry.overdueOrderIds(this.dataSource.manager, tierIds, 1, codeIds);
      if (overdue.length > 0) await this.expiry.expireOverdueOnTiers(tierIds, codeIds);
      for (const entry of entries) {
        if (overdue.length === 0) entry.reject(refusals.get(entry.item.plan.order.id));
        else this.submit(entry.item.plan, false).then(entry.resolve, entry.reject);
      }
    } catch (err) {
      for (const entry of entries) entry.reject(err);
    }
  }
}

function codeIdsOf(plans: HoldPlan[]): string[] {
  return [...new Set(plans.flatMap((p) => (p.order.promoCodeId ? [p.order.promoCodeId] : [])))];
}
