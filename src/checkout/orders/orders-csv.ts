import { Readable } from 'node:stream';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Order } from './order.entity';
import { csvLine } from '../../platform/csv/csv';

const BATCH = 1000;

/**
 * The columns of the orders export; money in minor units of `currency`, instants in ISO 8601 UTC. `net` and `tax`
 * split the tickets' part of `total` (`total = net + tax + fees`).
 */
export const ORDER_CSV_COLUMNS = [
  'orderId',
  'createdAt',
  'status',
  'buyerName',
  'buyerEmail',
  'items',
  'tickets',
  'subtotal',
  'discount',
  'fees',
  'total',
  'refundedAmount',
  'currency',
  'paidAt',
  'eventId',
  'code',
  // Appended (after the codes release), so existing imports keep their column positions.
  'net',
  'tax',
] as const;

interface OrderDetails {
  id: string;
  buyer_name: string;
  buyer_email: string;
  items: string;
  tickets: number;
}

/**
 * Every order `filtered` selects (the orders list's own query, so its authorization and filters apply), as
 * CSV, newest first. Streamed a batch at a time with keyset pagination, so a large event never sits in memory.
 */
export function ordersCsv(
  manager: EntityManager,
  filtered: SelectQueryBuilder<Order>,
  batchSize = BATCH,
): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield csvLine([...ORDER_CSV_COLUMNS]);
    let after: string | null = null;
    for (;;) {
      const page = filtered
        .clone()
        .orderBy('o.created_at', 'DESC')
        .addOrderBy('o.id', 'DESC')
        .limit(batchSize);
      // Compared with the stored row, not a JS Date, which would drop the microseconds.
      if (after) {
        page.andWhere('(o.created_at, o.id) < (SELECT created_at, id FROM orders WHERE id = :csvAfter)', {
          csvAfter: after,
        });
      }
      const orders = await page.getMany();
      if (orders.length === 0) return;
      const details = await detailsOf(manager, orders);
      yield orders.map((o) => csvLine(row(o, details.get(o.id)))).join('');
      after = orders[orders.length - 1].id;
    }
  }
  // One page read ahead at most: the default (16 objects, here 16 pages of 1,000 orders) made a slow or departed
  // client cost 16 queries and megabytes of buffered CSV before backpressure stopped the reading.
  return Readable.from(lines(), { highWaterMark: 1 });
}

function row(o: Order, d: OrderDetails | undefined): unknown[] {
  return [
    o.id,
    o.createdAt,
    o.status,
    d?.buyer_name,
    d?.buyer_email,
    d?.items,
    d?.tickets ?? 0,
    o.subtotal,
    o.discount,
    o.fees,
    o.total,
    o.refundedAmount,
    o.currency,
    o.paidAt,
    o.eventId,
    o.code,
    o.net,
    o.tax,
  ];
}

/** The buyer and a one-field summary of the items ("2 x Standing; 1 x VIP") of each order. */
async function detailsOf(manager: EntityManager, orders: Order[]): Promise<Map<string, OrderDetails>> {
  const rows = (await manager.query(
    `SELECT o.id, u.name AS buyer_name, u.email AS buyer_email,
            string_agg(i.quantity || ' x ' || i.tier_name, '; ' ORDER BY i.tier_name) AS items,
            sum(i.quantity)::int AS tickets
       FROM orders o JOIN users u ON u.id = o.buyer_id JOIN order_items i ON i.order_id = o.id
      WHERE o.id = ANY($1::uuid[])
      GROUP BY o.id, u.name, u.email`,
    [orders.map((o) => o.id)],
  )) as OrderDetails[];
  return new Map(rows.map((r) => [r.id, r]));
}
