import { TaxMode } from '../../catalog/tiers/tax-mode';
import { unitGross } from '../../checkout/taxes/tax-math';
import { EntityManager } from 'typeorm';

/** The resale's SQL, beside its entity. */

/** The oldest listing of a tier not in `skip`, without a lock: the caller locks its seller's order first. */
export async function oldestListing(
  manager: EntityManager,
  tierId: string,
  skip: string[],
): Promise<{ id: string; seller_order_id: string } | null> {
  const rows = (await manager.query(
    `SELECT id, seller_order_id FROM ticket_resales
      WHERE tier_id = $1 AND status = 'listed' AND NOT (id = ANY($2::uuid[]))
      ORDER BY listed_at, id
      LIMIT 1`,
    [tierId, skip],
  )) as Array<{ id: string; seller_order_id: string }>;
  return rows[0] ?? null;
}

/** Tickets of an order that are not void, after the caller's changes. */
export async function liveTickets(manager: EntityManager, orderId: string): Promise<number> {
  const [row] = (await manager.query(
    `SELECT count(*)::int AS n FROM tickets WHERE order_id = $1 AND status <> 'void'`,
    [orderId],
  )) as Array<{ n: number }>;
  return row.n;
}

/** What the order paid for one unit of the tier: its price less the code's discount, with its tax. */
export async function unitPrice(manager: EntityManager, orderId: string, tierId: string): Promise<number> {
  const [row] = (await manager.query(
    `SELECT unit_price, unit_discount, tax_rate_bps, tax_mode FROM order_items WHERE order_id = $1 AND tier_id = $2`,
    [orderId, tierId],
  )) as Array<{ unit_price: number; unit_discount: number; tax_rate_bps: number; tax_mode: TaxMode }>;
  return unitGross({
    unitPrice: row.unit_price,
    unitDiscount: row.unit_discount,
    taxRateBps: row.tax_rate_bps,
    taxMode: row.tax_mode,
  });
}
