import { EntityManager } from 'typeorm';
import { EventStatus } from '../../catalog/events/event-status';
import { PromoterStatus } from '../../catalog/promoters/promoter-status';
import { CodeKind } from '../../catalog/codes/code-kind';
import { AttendeeDetailsPolicy } from '../../catalog/questions/question-type';
import { CheckoutCode, CheckoutSnapshot } from './checkout-snapshot';
import { TaxMode } from '../../catalog/tiers/tax-mode';
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
            INSERT INTO orders (id, buyer_id, event_id, status, subtotal, discount, net, tax, fees, total, currency,
                                promo_code_id, code, expires_at, created_at, updated_at)
            SELECT v.id, v.buyer_id, v.event_id, 'pending', v.subtotal, v.discount, v.net, v.tax, v.fees, v.total,
                   v.currency, v.promo_code_id, v.code, v.expires_at, v.created_at, v.created_at
              FROM cfg, unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::int[], $21::int[], $22::int[],
                               $7::int[], $8::int[], $9::char(3)[], $10::uuid[], $20::varchar[], $11::timestamptz[],
                               $12::timestamptz[])
                     AS v(id, buyer_id, event_id, subtotal, discount, net, tax, fees, total, currency, promo_code_id,
                          code, expires_at, created_at)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
          )
     INSERT INTO order_items (id, order_id, tier_id, tier_name, quantity, unit_price, unit_discount, tax_rate_bps,
                              tax_mode, net, tax, gross)
     SELECT v.id, v.order_id, v.tier_id, v.tier_name, v.quantity, v.unit_price, v.unit_discount, v.tax_rate_bps,
            v.tax_mode::tax_mode, v.net, v.tax, v.gross
       FROM unnest($13::uuid[], $14::uuid[], $15::uuid[], $16::varchar[], $17::int[], $18::int[], $19::int[],
                   $23::int[], $24::text[], $25::int[], $26::int[], $27::int[])
              AS v(id, order_id, tier_id, tier_name, quantity, unit_price, unit_discount, tax_rate_bps, tax_mode,
                   net, tax, gross)
       JOIN o ON o.id = v.order_id
     RETURNING order_id`,
    [
      lockTimeout,
      orders.map((o) => o.id),
      orders.map((o) => o.buyerId),
      orders.map((o) => o.eventId),
      orders.map((o) => o.subtotal),
      orders.map((o) => o.discount),
      orders.map((o) => o.fees),
      orders.map((o) => o.total),
      orders.map((o) => o.currency),
      orders.map((o) => o.promoCodeId),
      orders.map((o) => o.expiresAt),
      orders.map((o) => o.createdAt),
      items.map((i) => i.id),
      items.map((i) => i.orderId),
      items.map((i) => i.tierId),
      items.map((i) => i.tierName),
      items.map((i) => i.quantity),
      items.map((i) => i.unitPrice),
      items.map((i) => i.unitDiscount),
      orders.map((o) => o.code),
      orders.map((o) => o.net),
      orders.map((o) => o.tax),
      items.map((i) => i.taxRateBps),
      items.map((i) => i.taxMode),
      items.map((i) => i.net),
      items.map((i) => i.tax),
      items.map((i) => i.gross),
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

/**
 * Under the code locks: how many orders each buyer has that carry each code and count as its uses (pending and
 * not overdue, or paid and not wholly refunded), keyed `buyerId:codeId`. The batch's own orders are left out.
 */
export async function codeUsesOfBuyers(
  manager: EntityManager,
  codeIds: string[],
  buyerIds: string[],
  now: Date,
  batchOrderIds: string[],
): Promise<Map<string, number>> {
  if (codeIds.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT buyer_id, promo_code_id, count(*)::int AS uses
       FROM orders
      WHERE promo_code_id = ANY($1::uuid[]) AND buyer_id = ANY($2::uuid[]) AND id <> ALL($4::uuid[])
        AND ((status = 'pending' AND expires_at > $3) OR status IN ('paid', 'partially_refunded'))
      GROUP BY buyer_id, promo_code_id`,
    [codeIds, [...new Set(buyerIds)], now, batchOrderIds],
  )) as Array<{ buyer_id: string; promo_code_id: string; uses: number }>;
  return new Map(rows.map((r) => [`${r.buyer_id}:${r.promo_code_id}`, r.uses]));
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
  queue_enabled: boolean;
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
  attendee_details: AttendeeDetailsPolicy;
  tax_rate_bps: number;
  tax_mode: TaxMode;
  asks_required: boolean;
}

interface CodeRow {
  code_id: string | null;
  code: string;
  kind: CodeKind;
  discount_bps: number | null;
  discount_amount: number | null;
  code_tier_ids: string[];
  max_uses: number | null;
  used: number;
  held_uses: number;
  active: boolean;
  valid_from: Date | null;
  valid_until: Date | null;
}

/** The code's columns and join, only when the buyer typed one: an order without a code reads nothing more. */
const CODE_COLUMNS = `, c.id AS code_id, c.code, c.kind, c.discount_bps, c.discount_amount, c.tier_ids AS code_tier_ids,
            c.max_uses, c.used, c.held AS held_uses, c.active, c.valid_from, c.valid_until`;
const CODE_JOIN = 'LEFT JOIN promo_codes c ON c.event_id = e.id AND c.code = $3';

/**
 * What checkout validates against, in one plain read (no lock): the event, its promoter's status, the requested
 * live tiers of that event (with whether a required question is asked for them), and the code typed, if any
 * (`code` upper case). Raw SQL because every order request pays for it.
 */
export async function loadCheckoutSnapshot(
  manager: EntityManager,
  eventId: string,
  tierIds: string[],
  code: string | null,
): Promise<CheckoutSnapshot | null> {
  const rows = (await manager.query(
    `SELECT e.id AS event_id, e.status AS event_status, e.currency, e.ends_at, e.sales_start_at AS event_sales_start_at,
            e.sales_end_at AS event_sales_end_at, e.deleted_at IS NOT NULL AS event_deleted, p.status AS promoter_status,
            e.queue_enabled,
            t.id AS tier_id, t.name, t.price, t.capacity, t.sold, t.held, t.sales_start_at, t.sales_end_at,
            t.min_per_order, t.max_per_order, t.hidden, t.attendee_details, t.tax_rate_bps, t.tax_mode,
            EXISTS (SELECT 1 FROM event_questions q
                     WHERE q.event_id = e.id AND q.deleted_at IS NULL AND q.required
                       AND (q.tier_ids = '{}' OR t.id = ANY(q.tier_ids))) AS asks_required
            ${code === null ? '' : CODE_COLUMNS}
       FROM events e
       LEFT JOIN promoters p ON p.id = e.promoter_id AND p.deleted_at IS NULL
       LEFT JOIN ticket_tiers t ON t.event_id = e.id AND t.id = ANY($2::uuid[]) AND t.deleted_at IS NULL
       ${code === null ? '' : CODE_JOIN}
      WHERE e.id = $1`,
    code === null ? [eventId, tierIds] : [eventId, tierIds, code],
  )) as Array<CheckoutRow & Partial<CodeRow>>;
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
      queueEnabled: first.queue_enabled,
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
        attendeeDetails: r.attendee_details,
        taxRateBps: r.tax_rate_bps,
        taxMode: r.tax_mode,
        asksRequired: r.asks_required,
      })),
    code: first.code_id ? toCode(first as CodeRow & { code_id: string }) : null,
  };
}

function toCode(r: CodeRow & { code_id: string }): CheckoutCode {
  return {
    id: r.code_id,
    code: r.code,
    kind: r.kind,
    discountBps: r.discount_bps,
    discountAmount: r.discount_amount,
    tierIds: r.code_tier_ids,
    maxUses: r.max_uses,
    used: r.used,
    held: r.held_uses,
    active: r.active,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
  };
}
