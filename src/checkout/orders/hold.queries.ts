import { EntityManager } from 'typeorm';
import { EventStatus } from '../../catalog/events/event-status';
import { PromoterStatus } from '../../catalog/promoters/promoter-status';
import { CheckoutSnapshot } from './checkout-snapshot';
import { OrderItem } from './order-item.entity';
import { Order } from './order.entity';

/**
 * The SQL of the hold transaction, kept to as few round trips as the rules allow: every statement saved inside
 * the tier lock is time the hot row is not held, and every statement saved outside it is CPU the API does not spend.
 */

/**
 * Step 1: sets the transaction's lock timeout (`set_config(..., true)` is `SET LOCAL`; the value is inventory's
 * one lock timeout) and writes the order and its items, in one statement.
 */
export async function insertHoldRows(
  manager: EntityManager,
  order: Order,
  items: OrderItem[],
  lockTimeout: string,
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
      lockTimeout,
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
