import { EntityManager } from 'typeorm';
import { EventStatus } from '../../catalog/events/event-status';
import { PromoterStatus } from '../../catalog/promoters/promoter-status';
import { CheckoutSnapshot } from './checkout-snapshot';
import { HoldPlan } from './hold-plan';

/**
 * The SQL of the hold transaction, kept to as few round trips as the rules allow: every statement saved inside
 * the tier lock is time the hot row is not held, and every statement saved outside it is CPU the API does not spend.
 */

/**
 * Sets the transaction's lock timeout (`set_config(..., true)` is `SET LOCAL`; the value is inventory's one lock
 * timeout) and writes every order of the batch and their items, in one statement. The orders must share one
 * creation time (a batch is placed at one moment). An order whose id exists already (an id derived from an
 * Idempotency-Key whose first attempt committed) is skipped, not a failure of the batch. Returns the ids written.
 */
export async function insertHoldRows(
  manager: EntityManager,
  plans: HoldPlan[],
  lockTimeout: string,
): Promise<Set<string>> {
  const orders = plans.map((p) => p.order);
  const items = plans.flatMap((p) => p.items);
  const written = (await manager.query(
    `WITH cfg AS (SELECT set_config('lock_timeout', $1, true)),
          o AS (
            INSERT INTO orders (id, buyer_id, event_id, status, subtotal, fees, total, currency, expires_at,
                                created_at, updated_at)
            SELECT v.id, v.buyer_id, v.event_id, 'pending', v.subtotal, v.fees, v.total, v.currency, v.expires_at,
                   v.created_at, v.created_at
              FROM cfg, unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::int[], $7::int[], $8::char(3)[],
                               $9::timestamptz[], $10::timestamptz[])
                     AS v(id, buyer_id, event_id, subtotal, fees, total, currency, expires_at, created_at)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
          )
     INSERT INTO order_items (id, order_id, tier_id, tier_name, quantity, unit_price)
     SELECT v.id, v.order_id, v.tier_id, v.tier_name, v.quantity, v.unit_price
       FROM unnest($11::uuid[], $12::uuid[], $13::uuid[], $14::varchar[], $15::int[], $16::int[])
              AS v(id, order_id, tier_id, tier_name, quantity, unit_price)
       JOIN o ON o.id = v.order_id
     RETURNING order_id`,
    [
      lockTimeout,
      orders.map((o) => o.id),
      orders.map((o) => o.buyerId),
      orders.map((o) => o.eventId),
      orders.map((o) => o.subtotal),
      orders.map((o) => o.fees),
      orders.map((o) => o.total),
      orders.map((o) => o.currency),
      orders.map((o) => o.expiresAt),
      orders.map((o) => o.createdAt),
      items.map((i) => i.id),
      items.map((i) => i.orderId),
      items.map((i) => i.tierId),
      items.map((i) => i.tierName),
      items.map((i) => i.quantity),
      items.map((i) => i.unitPrice),
    ],
  )) as Array<{ order_id: string }>;
  return new Set(written.map((r) => r.order_id));
}

/**
 * Under the tier locks (so this snapshot sees every hold committed before them): each buyer's units in their
 * other open holds (pending, not overdue) on these tiers, keyed `buyerId:tierId`. The batch's own orders are
 * left out; the caller counts those as it accepts them.
 */
export async function openUnitsOfBuyers(
  manager: EntityManager,
  buyerIds: string[],
  tierIds: string[],
  now: Date,
  batchOrderIds: string[],
): Promise<Map<string, number>> {
  const rows = (await manager.query(
    `SELECT o.buyer_id, i.tier_id, sum(i.quantity)::int AS quantity
       FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE o.buyer_id = ANY($1::uuid[]) AND o.status = 'pending' AND o.expires_at > $2
        AND i.tier_id = ANY($3::uuid[]) AND o.id <> ALL($4::uuid[])
      GROUP BY o.buyer_id, i.tier_id`,
    [[...new Set(buyerIds)], now, tierIds, batchOrderIds],
  )) as Array<{ buyer_id: string; tier_id: string; quantity: number }>;
  return new Map(rows.map((r) => [`${r.buyer_id}:${r.tier_id}`, r.quantity]));
}

/** The refused orders of a batch, gone before the batch commits (their items go with them). */
export async function deleteOrders(manager: EntityManager, orderIds: string[]): Promise<void> {
  if (orderIds.length > 0) await manager.query(`DELETE FROM orders WHERE id = ANY($1::uuid[])`, [orderIds]);
}

interface CheckoutRow {
  event_id: string;
  event_status: EventStatus;
  currency: string;
  ends_at: Date;
  event_sales_start_at: Date | null;
  event_sales_end_at: Date | null;
  event_deleted: boolean;
  promoter_status: PromoterStatus | null;
  tier_id: string | null;
  name: string;
  price: number;
  capacity: number;
  sold: number;
  held: number;
  sales_start_at: Date | null;
  sales_end_at: Date | null;
  min_per_order: number;
  max_per_order: number;
  hidden: boolean;
}

/**
 * What checkout validates against, in one plain read (no lock): the event, its promoter's status and the requested
 * live tiers of that event. Raw SQL because every order request pays for it.
 */
export async function loadCheckoutSnapshot(
  manager: EntityManager,
  eventId: string,
  tierIds: string[],
): Promise<CheckoutSnapshot | null> {
  const rows = (await manager.query(
    `SELECT e.id AS event_id, e.status AS event_status, e.currency, e.ends_at, e.sales_start_at AS event_sales_start_at,
            e.sales_end_at AS event_sales_end_at, e.deleted_at IS NOT NULL AS event_deleted, p.status AS promoter_status,
            t.id AS tier_id, t.name, t.price, t.capacity, t.sold, t.held, t.sales_start_at, t.sales_end_at,
            t.min_per_order, t.max_per_order, t.hidden
       FROM events e
       LEFT JOIN promoters p ON p.id = e.promoter_id AND p.deleted_at IS NULL
       LEFT JOIN ticket_tiers t ON t.event_id = e.id AND t.id = ANY($2::uuid[]) AND t.deleted_at IS NULL
      WHERE e.id = $1`,
    [eventId, tierIds],
  )) as CheckoutRow[];
  if (rows.length === 0) return null;
  const [first] = rows;
  return {
    event: {
      id: first.event_id,
      status: first.event_status,
      currency: first.currency,
      endsAt: first.ends_at,
      salesStartAt: first.event_sales_start_at,
      salesEndAt: first.event_sales_end_at,
      deleted: first.event_deleted,
      promoterStatus: first.promoter_status,
    },
    tiers: rows
      .filter((r): r is CheckoutRow & { tier_id: string } => r.tier_id !== null)
      .map((r) => ({
        id: r.tier_id,
        name: r.name,
        price: r.price,
        capacity: r.capacity,
        sold: r.sold,
        held: r.held,
        salesStartAt: r.sales_start_at,
        salesEndAt: r.sales_end_at,
        minPerOrder: r.min_per_order,
        maxPerOrder: r.max_per_order,
        hidden: r.hidden,
      })),
  };
}
