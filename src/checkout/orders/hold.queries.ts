import { EntityManager } from 'typeorm';
import { Event } from '../../catalog/events/event.entity';
import { PromoterStatus } from '../../catalog/promoters/promoter-status';
import { TicketTier } from '../../catalog/tiers/ticket-tier.entity';
import { OrderItem } from './order-item.entity';
import { Order } from './order.entity';

/**
 * The SQL of the hold transaction, kept to as few round trips as the rules allow: every statement saved inside
 * the tier lock is time the hot row is not held, and every statement saved outside it is CPU the API does not spend.
 */

/**
 * Step 1: sets the transaction's lock timeout (`set_config(..., true)` is `SET LOCAL`) and writes the order and
 * its items, in one statement.
 */
export async function insertHoldRows(
  manager: EntityManager,
  order: Order,
  items: OrderItem[],
  lockTimeoutMs: number,
): Promise<void> {
  await manager.query(
    `WITH cfg AS (SELECT set_config('lock_timeout', $1, true)),
          o AS (
            INSERT INTO orders (id, buyer_id, event_id, status, subtotal, fees, total, currency, expires_at,
                                created_at, updated_at)
            SELECT $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $15, $15 FROM cfg
            RETURNING id
          )
     INSERT INTO order_items (id, order_id, tier_id, tier_name, quantity, unit_price)
     SELECT v.id, o.id, v.tier_id, v.tier_name, v.quantity, v.unit_price
       FROM o, unnest($10::uuid[], $11::uuid[], $12::varchar[], $13::int[], $14::int[])
              AS v(id, tier_id, tier_name, quantity, unit_price)`,
    [
      String(Math.max(1, Math.trunc(lockTimeoutMs))),
      order.id,
      order.buyerId,
      order.eventId,
      order.subtotal,
      order.fees,
      order.total,
      order.currency,
      order.expiresAt,
      items.map((i) => i.id),
      items.map((i) => i.tierId),
      items.map((i) => i.tierName),
      items.map((i) => i.quantity),
      items.map((i) => i.unitPrice),
      order.createdAt,
    ],
  );
}

/**
 * Step 4, under the tier locks: increments `held`, provided the buyer's open (not overdue) holds on each tier,
 * this order included, stay within the tier's `maxPerOrder`. One statement: its snapshot is taken after the
 * locks were granted, so it sees every hold committed before ours. False when the buyer limit refused it.
 */
export async function takeHeldWithinBuyerLimit(
  manager: EntityManager,
  order: Order,
  items: OrderItem[],
  now: Date,
): Promise<boolean> {
  const [rows] = (await manager.query(
    `WITH mine AS (
       SELECT i.tier_id, sum(i.quantity)::int AS quantity
         FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE o.buyer_id = $1 AND o.status = 'pending' AND o.expires_at > $2 AND i.tier_id = ANY($3::uuid[])
        GROUP BY i.tier_id
     )
     UPDATE ticket_tiers t SET held = t.held + v.quantity, updated_at = now()
       FROM unnest($3::uuid[], $4::int[]) AS v(id, quantity)
      WHERE t.id = v.id
        AND NOT EXISTS (SELECT 1 FROM mine m JOIN ticket_tiers x ON x.id = m.tier_id WHERE m.quantity > x.max_per_order)
      RETURNING t.id`,
    [order.buyerId, now, items.map((i) => i.tierId), items.map((i) => i.quantity)],
  )) as [Array<{ id: string }>, number];
  return rows.length === items.length;
}

/** For the refusal's details: the buyer's open units per tier, this order included. */
export async function buyerOpenUnits(
  manager: EntityManager,
  buyerId: string,
  tierIds: string[],
  now: Date,
): Promise<Map<string, number>> {
  const rows = (await manager.query(
    `SELECT i.tier_id, sum(i.quantity)::int AS quantity
       FROM order_items i JOIN orders o ON o.id = i.order_id
      WHERE o.buyer_id = $1 AND o.status = 'pending' AND o.expires_at > $2 AND i.tier_id = ANY($3::uuid[])
      GROUP BY i.tier_id`,
    [buyerId, now, tierIds],
  )) as Array<{ tier_id: string; quantity: number }>;
  return new Map(rows.map((r) => [r.tier_id, r.quantity]));
}

interface CheckoutRow {
  event_id: string;
  event_status: Event['status'];
  currency: string;
  ends_at: Date;
  event_sales_start_at: Date | null;
  event_sales_end_at: Date | null;
  event_deleted_at: Date | null;
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
  tier_deleted_at: Date | null;
}

/**
 * What checkout validates against, in one plain read (no lock): the event, its promoter's status and the requested
 * tiers of that event. Raw SQL rather than a three-entity `find` because every order request pays for it.
 */
export async function loadCheckout(
  manager: EntityManager,
  eventId: string,
  tierIds: string[],
): Promise<{ event: Event; promoterStatus: PromoterStatus | null; tiers: TicketTier[] } | null> {
  const rows = (await manager.query(
    `SELECT e.id AS event_id, e.status AS event_status, e.currency, e.ends_at, e.sales_start_at AS event_sales_start_at,
            e.sales_end_at AS event_sales_end_at, e.deleted_at AS event_deleted_at, p.status AS promoter_status,
            t.id AS tier_id, t.name, t.price, t.capacity, t.sold, t.held, t.sales_start_at, t.sales_end_at,
            t.min_per_order, t.max_per_order, t.hidden, t.deleted_at AS tier_deleted_at
       FROM events e
       LEFT JOIN promoters p ON p.id = e.promoter_id AND p.deleted_at IS NULL
       LEFT JOIN ticket_tiers t ON t.event_id = e.id AND t.id = ANY($2::uuid[]) AND t.deleted_at IS NULL
      WHERE e.id = $1`,
    [eventId, tierIds],
  )) as CheckoutRow[];
  if (rows.length === 0) return null;
  const [first] = rows;
  const event = Object.assign(new Event(), {
    id: first.event_id,
    status: first.event_status,
    currency: first.currency,
    endsAt: first.ends_at,
    salesStartAt: first.event_sales_start_at,
    salesEndAt: first.event_sales_end_at,
    deletedAt: first.event_deleted_at,
  });
  const tiers = rows
    .filter((r) => r.tier_id !== null)
    .map((r) =>
      Object.assign(new TicketTier(), {
        id: r.tier_id!,
        eventId: r.event_id,
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
        deletedAt: r.tier_deleted_at,
      }),
    );
  return { event, promoterStatus: first.promoter_status, tiers };
}
