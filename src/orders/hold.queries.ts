import { EntityManager } from 'typeorm';
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
