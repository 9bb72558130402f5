import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { DomainEventMap } from '../../platform/events/domain-events';
import { DomainEvents } from '../../platform/events/domain-events.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { AppConfig } from '../../platform/config/app-config';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { CodeStockService } from '../../inventory/code-stock.service';
import { InventoryService } from '../../inventory/inventory.service';
import { Sweep, SweepOutcome } from '../../platform/jobs/job.decorators';
import { loadOrderContext, OrderContext } from './order-context';
import { ORDER_STATES, OrderStatus } from './order-status';

/** How many overdue holds one sweep handles; the next tick takes the rest. */
const SWEEP_BATCH = 500;

interface ReleaseRule {
  to: OrderStatus.Expired | OrderStatus.Cancelled;
  /** Expiry only takes a hold whose time is up; a buyer's cancel only takes their own hold. */
  overdueAt?: Date;
  buyerId?: string;
  /** Why a hold is cancelled (expiry has no reason). */
  reason?: DomainEventMap['OrderCancelled']['reason'];
  actorId: string | null;
  meta?: RequestMeta;
}

/**
 * Ends holds: expiry (the sweep, on time, and the order path itself when overdue holds block a buyer)
 * and the buyer's own cancel. Every path is one conditional update on `status = 'pending'`, so running twice,
 * or on two instances at once, releases the units exactly once.
 */
@Injectable()
export class OrderExpiryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly inventory: InventoryService,
    private readonly codeStock: CodeStockService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * The sweep, and the only way holds expire: every hold overdue at `now` (on the partial index of pending
   * holds' `expires_at`), then the next deadline, so the worker runs again the moment the next hold expires.
   * Nothing per hold lives in Redis. A hold placed on another instance after this pass expires at least
   * `HOLD_TTL_SECONDS` from now, so waking by then at the latest never misses it.
   */
  @Sweep({ name: 'order-expiry' })
  async expireOverdue(now: Date): Promise<SweepOutcome> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM orders WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, SWEEP_BATCH],
    )) as Array<{ id: string }>;
    const handled = await this.expireEach(
      rows.map((r) => r.id),
      now,
    );
    if (rows.length === SWEEP_BATCH) return { handled, nextAt: now };
    const [next] = (await this.dataSource.query(
      `SELECT min(expires_at) AS at FROM orders WHERE status = 'pending'`,
    )) as Array<{ at: Date | null }>;
    const latest = new Date(now.getTime() + this.config.inventory.holdTtlSeconds * 1000);
    return { handled, nextAt: next.at && next.at < latest ? next.at : latest };
  }

  private async expireAt(orderId: string, now: Date): Promise<boolean> {
    const done = await this.release(orderId, { to: OrderStatus.Expired, overdueAt: now, actorId: null });
    return done !== null;
  }

  /**
   * Expires the overdue holds on these tiers (or carrying these codes), so a buyer is not refused only because
   * the sweeper is late.
   */
  async expireOverdueOnTiers(tierIds: string[], codeIds: string[] = []): Promise<number> {
    const overdue = await this.overdueOrderIds(this.dataSource.manager, tierIds, 100, codeIds);
    return this.expireEach(overdue, this.clock.now());
  }

  /** The ids of overdue pending orders holding units of these tiers or a use of these codes. */
  async overdueOrderIds(
    manager: EntityManager,
    tierIds: string[],
    limit = 100,
    codeIds: string[] = [],
  ): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT o.id FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE (i.tier_id = ANY($1::uuid[]) OR o.promo_code_id = ANY($4::uuid[]))
          AND o.status = 'pending' AND o.expires_at <= $2
        LIMIT $3`,
      [tierIds, this.clock.now(), limit, codeIds],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** `POST /orders/{id}/cancel`: the buyer lets their hold go. */
  async cancelByBuyer(user: AuthUser, orderId: string, meta: RequestMeta): Promise<OrderContext> {
    const done = await this.release(orderId, {
      to: OrderStatus.Cancelled,
      buyerId: user.id,
      reason: 'buyer',
      actorId: user.id,
      meta,
    });
    if (done) return done;
    const current = await loadOrderContext(this.dataSource.manager, orderId);
    if (!current || current.order.buyerId !== user.id) throw DomainError.notFound('Order', orderId);
    throw new DomainError('ORDER_NOT_PENDING', `The order is ${current.order.status}, not a pending hold`, {
      status: current.order.status,
    });
  }

  /**
   * Releases a hold the system gives up on (its payment could not be started, its event was cancelled), or one
   * its buyer's account erasure lets go (`buyer`).
   */
  async cancelHold(
    orderId: string,
    reason: 'buyer' | 'payment_failed' | 'event_cancelled',
  ): Promise<boolean> {
    return (await this.release(orderId, { to: OrderStatus.Cancelled, reason, actorId: null })) !== null;
  }

  private async expireEach(orderIds: string[], now: Date): Promise<number> {
    let expired = 0;
    for (const id of orderIds) if (await this.expireAt(id, now)) expired++;
    return expired;
  }

  /**
   * One transaction: the conditional status change first (its `WHERE status` from the order state machine), then
   * the tier locks (ascending), then the units, then the code's use (locked after the tiers).
   */
  private async release(orderId: string, rule: ReleaseRule): Promise<OrderContext | null> {
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.setLockTimeout(manager);
      const now = this.clock.now();
      const [rows] = (await manager.query(
        `UPDATE orders SET status = $2, closed_at = $3, updated_at = now()
          WHERE id = $1 AND status = ANY($6::order_status[])
            AND ($4::timestamptz IS NULL OR expires_at <= $4)
            AND ($5::uuid IS NULL OR buyer_id = $5)
          RETURNING id`,
        [
          orderId,
          rule.to,
          now,
          rule.overdueAt ?? null,
          rule.buyerId ?? null,
          ORDER_STATES.sourcesOf(rule.to),
        ],
      )) as [Array<{ id: string }>, number];
      if (rows.length === 0) return null;
      const context = (await loadOrderContext(manager, orderId))!;
      await this.inventory.release(manager, context.items);
      await this.codeStock.lockAndMove(manager, context.order.promoCodeId, { held: -1, used: 0 });
      await this.record(manager, context, rule);
      if (rule.to === OrderStatus.Cancelled) {
        await this.events.emit(manager, 'OrderCancelled', {
          orderId,
          eventId: context.order.eventId,
          buyerId: context.order.buyerId,
          reason: rule.reason ?? 'buyer',
        });
      }
      return context;
    });
  }

  private async record(manager: EntityManager, context: OrderContext, rule: ReleaseRule): Promise<void> {
    const { order, items, buyer, event } = context;
    await this.audit.record(manager, {
      actorId: rule.actorId,
      action: rule.to === OrderStatus.Expired ? 'order.expired' : 'order.cancelled',
      entityType: 'order',
      entityId: order.id,
      meta: rule.meta,
      before: { status: OrderStatus.Pending },
      after: { status: rule.to, units: items.map((i) => ({ tierId: i.tierId, quantity: i.quantity })) },
    });
    if (rule.to !== OrderStatus.Expired) return;
    await this.notifications.enqueue(manager, {
      to: buyer.email,
      template: 'hold-expired',
      data: {
        name: buyer.name,
        eventTitle: event.title,
        orderId: order.id,
        eventUrl: `${this.config.publicUrl}/events/${event.id}`,
      },
      dedupeKey: `hold-expired:${order.id}`,
    });
  }
}
