import { EntityManager } from 'typeorm';

/**
 * The report SQL. Each query reads one of the views created by the ReportViews migration (documented in the
 * README): the views hold the definitions of the numbers, these functions only pick rows. Sums come back as
 * bigint (text), so they are converted here.
 */

export interface TierSalesRow {
  tierId: string;
  name: string;
  price: number;
  capacity: number;
  sold: number;
  held: number;
  available: number;
  gross: number;
  netOfTax: number;
  tax: number;
  refunded: number;
  checkedIn: number;
  waiting: number;
  offered: number;
}

export interface EventTotalsRow {
  currency: string;
  ticketsSold: number;
  gross: number;
  refunded: number;
  net: number;
  tax: number;
  taxRefunded: number;
  fees: number;
  checkedIn: number;
}

const num = (v: unknown) => Number(v ?? 0);

export async function eventTotals(manager: EntityManager, eventId: string): Promise<EventTotalsRow> {
  const [row] = (await manager.query(
    `SELECT currency, tickets_sold, gross, refunded, net, tax, tax_refunded, fees, checked_in
       FROM event_sales_totals WHERE event_id = $1`,
    [eventId],
  )) as Array<Record<string, unknown>>;
  return {
    currency: String(row.currency),
    ticketsSold: num(row.tickets_sold),
    gross: num(row.gross),
    refunded: num(row.refunded),
    net: num(row.net),
    tax: num(row.tax),
    taxRefunded: num(row.tax_refunded),
    fees: num(row.fees),
    checkedIn: num(row.checked_in),
  };
}

export async function eventTierSales(manager: EntityManager, eventId: string): Promise<TierSalesRow[]> {
  const rows = (await manager.query(
    `SELECT s.tier_id, s.name, s.price, s.capacity, s.sold, s.held, s.available, s.gross, s.net_of_tax, s.tax,
            s.refunded,
            s.checked_in, coalesce(w.waiting, 0) AS waiting, coalesce(w.offered, 0) AS offered
       FROM event_sales_by_tier s
       LEFT JOIN event_waitlist_by_tier w ON w.tier_id = s.tier_id
      WHERE s.event_id = $1
      ORDER BY s.sort_order, s.price, s.created_at, s.tier_id`,
    [eventId],
  )) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    tierId: String(r.tier_id),
    name: String(r.name),
    price: num(r.price),
    capacity: num(r.capacity),
    sold: num(r.sold),
    held: num(r.held),
    available: num(r.available),
    gross: num(r.gross),
    netOfTax: num(r.net_of_tax),
    tax: num(r.tax),
    refunded: num(r.refunded),
    checkedIn: num(r.checked_in),
    waiting: num(r.waiting),
    offered: num(r.offered),
  }));
}

export interface CodeSalesRow {
  codeId: string;
  code: string;
  kind: string;
  maxUses: number | null;
  used: number;
  held: number;
  discount: number;
}

export async function eventCodeSales(manager: EntityManager, eventId: string): Promise<CodeSalesRow[]> {
  const rows = (await manager.query(
    `SELECT code_id, code, kind, max_uses, used, held, discount
       FROM event_sales_by_code WHERE event_id = $1
      ORDER BY used DESC, held DESC, code`,
    [eventId],
  )) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    codeId: String(r.code_id),
    code: String(r.code),
    kind: String(r.kind),
    maxUses: r.max_uses === null ? null : num(r.max_uses),
    used: num(r.used),
    held: num(r.held),
    discount: num(r.discount),
  }));
}

export async function eventDailySales(
  manager: EntityManager,
  eventId: string,
): Promise<Array<{ date: string; ticketsSold: number; gross: number }>> {
  const rows = (await manager.query(
    `SELECT day::text AS date, tickets_sold, gross FROM event_sales_by_day WHERE event_id = $1 ORDER BY day`,
    [eventId],
  )) as Array<Record<string, unknown>>;
  return rows.map((r) => ({ date: String(r.date), ticketsSold: num(r.tickets_sold), gross: num(r.gross) }));
}

/** `status → count` from one of the status-count views. */
export async function statusCounts(
  manager: EntityManager,
  view: 'promoter_status_counts' | 'event_status_counts',
): Promise<Map<string, number>> {
  const rows = (await manager.query(`SELECT status, count FROM ${view}`)) as Array<{
    status: string;
    count: number;
  }>;
  return new Map(rows.map((r) => [r.status, num(r.count)]));
}

/** Orders paid from `fromDay` to `toDay` (UTC dates, inclusive), per currency. */
export async function salesByCurrency(manager: EntityManager, fromDay: string, toDay: string) {
  const rows = (await manager.query(
    `SELECT currency, sum(orders) AS orders, sum(tickets_sold) AS tickets_sold, sum(gross) AS gross,
            sum(refunded) AS refunded
       FROM daily_sales WHERE day BETWEEN $1::date AND $2::date
      GROUP BY currency ORDER BY currency`,
    [fromDay, toDay],
  )) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    currency: String(r.currency),
    orders: num(r.orders),
    ticketsSold: num(r.tickets_sold),
    gross: num(r.gross),
    refunded: num(r.refunded),
    net: num(r.gross) - num(r.refunded),
  }));
}

/**
 * When the report snapshots were last refreshed (ReportSnapshotsService). Read from the same server as the
 * figures, so a replica's lag shows in it too.
 */
export async function figuresAsOf(manager: EntityManager): Promise<Date> {
  const [row] = (await manager.query(
    `SELECT refreshed_at FROM report_refreshes WHERE name = 'sales'`,
  )) as Array<{
    refreshed_at: Date;
  }>;
  return row.refreshed_at;
}
