import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { AppConfig } from '../../platform/config/app-config';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { InventoryService } from '../../inventory/inventory.service';
import { OnJob, Sweep } from '../../platform/jobs/job.decorators';
import { queueBestEffort } from '../../platform/jobs/queue-best-effort';
import { loadOrderContext, OrderContext } from './order-context';
import { ORDER_STATES, OrderStatus } from './order-status';

/** How many overdue holds one sweep handles; the next tick takes the rest. */
const SWEEP_BATCH = 500;

interface ReleaseRule {
  to: OrderStatus.Expired | OrderStatus.Cancelled;
  /** Expiry only takes a hold whose time is up; a buyer's cancel only takes their own hold. */
  overdueAt?: Date;
  buyerId?: string;
  actorId: string | null;
  meta?: RequestMeta;
}

/**
 * Ends holds: expiry (the delayed job, the sweeper, and the order path itself when overdue holds block a buyer)
 * and the buyer's own cancel. Every path is one conditional update on `status = 'pending'`, so running twice,
 * or on two instances at once, releases the units exactly once.
 */
@Injectable()
export class OrderExpiryService {
  private readonly logger = new Logger(OrderExpiryService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly inventory: InventoryService,
    @InjectQueue(QueueName.Orders) private readonly queue: Queue,
  ) {}

  /**
   * The delayed job that expires the hold on time; its job id is the order id, so it is queued once. The hold
   * has committed and the `order-expiry` sweep ends it anyway, so Redis being down never fails the order.
   */
  async scheduleExpiry(order: { id: string; expiresAt: Date }): Promise<void> {
    const payload: JobPayloads[JobName.ExpireOrder] = { orderId: order.id };
    const delay = Math.max(0, order.expiresAt.getTime() - this.clock.now().getTime());
    await queueBestEffort(
      this.logger,
      'expire-order job',
      () => this.queue.add(JobName.ExpireOrder, payload, { jobId: order.id, delay }),
      this.config.redis.commandTimeoutMs,
    );
  }

  /** The expiry job: expires the hold if it is still pending and its time is up. True when it expired it. */
  @OnJob(JobName.ExpireOrder)
  async expire({ orderId }: JobPayloads[JobName.ExpireOrder]): Promise<boolean> {
    return this.expireAt(orderId, this.clock.now());
  }

  /** The sweep: every hold overdue at `now`, whatever Redis remembers. */
  @Sweep({ name: 'order-expiry' })
  async expireOverdue(now: Date): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM orders WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, SWEEP_BATCH],
    )) as Array<{ id: string }>;
    return this.expireEach(
      rows.map((r) => r.id),
      now,
    );
  }

  private async expireAt(orderId: string, now: Date): Promise<boolean> {
    const done = await this.release(orderId, { to: OrderStatus.Expired, overdueAt: now, actorId: null });
    return done !== null;
  }

  /** Expires the overdue holds on these tiers, so a buyer is not refused only because the sweeper is late. */
  async expireOverdueOnTiers(tierIds: string[]): Promise<number> {
    return this.expireEach(await this.overdueOrderIds(this.dataSource.manager, tierIds), this.clock.now());
  }

  /** The ids of overdue pending orders holding units of these tiers. */
  async overdueOrderIds(manager: EntityManager, tierIds: string[], limit = 100): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT o.id FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE i.tier_id = ANY($1::uuid[]) AND o.status = 'pending' AND o.expires_at <= $2
        LIMIT $3`,
      [tierIds, this.clock.now(), limit],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** `POST /orders/{id}/cancel`: the buyer lets their hold go. */
  async cancelByBuyer(user: AuthUser, orderId: string, meta: RequestMeta): Promise<OrderContext> {
    const done = await this.release(orderId, {
      to: OrderStatus.Cancelled,
      buyerId: user.id,
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

  /** Releases a hold the system gives up on (its payment could not be started, or its event was cancelled). */
  async cancelHold(orderId: string): Promise<boolean> {
    return (await this.release(orderId, { to: OrderStatus.Cancelled, actorId: null })) !== null;
  }

  private async expireEach(orderIds: string[], now: Date): Promise<number> {
    let expired = 0;
    for (const id of orderIds) if (await this.expireAt(id, now)) expired++;
    return expired;
  }

  /**
   * One transaction: the conditional status change first (its `WHERE status` from the order state machine), then
   * the tier locks (ascending), then the units.
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
      await this.record(manager, context, rule);
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
