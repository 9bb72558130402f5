import { EntityManager } from 'typeorm';
import { WAITLIST_STATES, WaitlistStatus } from './waitlist-status';

/** The waitlist's SQL, beside its entity. Times come from the injectable clock, never from the database. */

/** A waiting entry the offer routine serves, with what its email needs. */
export interface WaitingEntryRow {
  id: string;
  user_id: string;
  quantity: number;
  email: string;
  name: string;
}

/**
 * The next waiting entries of a tier in queue order, locked. Under the tier lock (which every offer takes
 * first) nobody else offers them; a buyer leaving at the same moment makes us wait and then skip the entry.
 */
export function lockNextWaiting(
  manager: EntityManager,
  tierId: string,
  limit: number,
): Promise<WaitingEntryRow[]> {
  return manager.query(
    `SELECT w.id, w.user_id, w.quantity, u.email, u.name
       FROM waitlist_entries w JOIN users u ON u.id = w.user_id
      WHERE w.tier_id = $1 AND w.status = 'waiting'
      ORDER BY w.seq
      LIMIT $2
        FOR UPDATE OF w`,
    [tierId, limit],
  );
}

/** Marks the entries offered, each with its reserved quantity, in one statement. */
export async function markOffered(
  manager: EntityManager,
  offers: Array<{ id: string; quantity: number }>,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await manager.query(
    `UPDATE waitlist_entries w
        SET status = 'offered', offered_quantity = v.quantity, offered_at = $3, offer_expires_at = $4,
            updated_at = now()
       FROM unnest($1::uuid[], $2::int[]) AS v(id, quantity)
      WHERE w.id = v.id AND w.status = ANY($5::waitlist_status[])`,
    [
      offers.map((o) => o.id),
      offers.map((o) => o.quantity),
      now,
      expiresAt,
      WAITLIST_STATES.sourcesOf(WaitlistStatus.Offered),
    ],
  );
}

/** An offer that was just closed, with what rolls on. */
export interface ClosedOffer {
  id: string;
  tier_id: string;
  user_id: string;
  offered_quantity: number;
}

/**
 * Closes an open offer (`lapsed` or `left`) in one conditional update, so of two racing closers only one
 * releases the units. `overdueAt` set: only an offer whose time is up (the lapse); `userId` set: only the
 * buyer's own (leaving).
 */
export async function closeOffer(
  manager: EntityManager,
  entryId: string,
  to: WaitlistStatus.Lapsed | WaitlistStatus.Left,
  now: Date,
  rule: { overdueAt?: Date; userId?: string },
): Promise<ClosedOffer | null> {
  WAITLIST_STATES.assert(WaitlistStatus.Offered, to);
  const [rows] = (await manager.query(
    `UPDATE waitlist_entries SET status = $2, closed_at = $3, updated_at = now()
      WHERE id = $1 AND status = 'offered'
        AND ($4::timestamptz IS NULL OR offer_expires_at <= $4)
        AND ($5::uuid IS NULL OR user_id = $5)
      RETURNING id, tier_id, user_id, offered_quantity`,
    [entryId, to, now, rule.overdueAt ?? null, rule.userId ?? null],
  )) as [ClosedOffer[], number];
  return rows[0] ?? null;
}

/** Leaves a waiting entry (no units are reserved for it). False when it is no longer waiting. */
export async function leaveWaiting(
  manager: EntityManager,
  entryId: string,
  userId: string,
  now: Date,
): Promise<boolean> {
  WAITLIST_STATES.assert(WaitlistStatus.Waiting, WaitlistStatus.Left);
  const [rows] = (await manager.query(
    `UPDATE waitlist_entries SET status = 'left', closed_at = $3, updated_at = now()
      WHERE id = $1 AND user_id = $2 AND status = 'waiting'
      RETURNING id`,
    [entryId, userId, now],
  )) as [Array<{ id: string }>, number];
  return rows.length > 0;
}

/**
 * Turns an open offer into a claim that points at its new order. False when the offer is not open any more
 * (lapsed, left, already claimed, or its time is up).
 */
export async function claimOffer(
  manager: EntityManager,
  entryId: string,
  userId: string,
  orderId: string,
  now: Date,
): Promise<boolean> {
  const [rows] = (await manager.query(
    `UPDATE waitlist_entries SET status = 'claimed', order_id = $3, closed_at = $4, updated_at = now()
      WHERE id = $1 AND user_id = $2 AND status = ANY($5::waitlist_status[]) AND offer_expires_at > $4
      RETURNING id`,
    [entryId, userId, orderId, now, WAITLIST_STATES.sourcesOf(WaitlistStatus.Claimed)],
  )) as [Array<{ id: string }>, number];
  return rows.length > 0;
}

/**
 * 1-based places in their tier's queue among active (waiting or offered) entries, for the given entries
 * that are active themselves.
 */
export async function positionsOf(manager: EntityManager, entryIds: string[]): Promise<Map<string, number>> {
  if (entryIds.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT e.id,
            (SELECT count(*)::int FROM waitlist_entries o
              WHERE o.tier_id = e.tier_id AND o.status IN ('waiting', 'offered') AND o.seq <= e.seq) AS position
       FROM waitlist_entries e
      WHERE e.id = ANY($1::uuid[]) AND e.status IN ('waiting', 'offered')`,
    [entryIds],
  )) as Array<{ id: string; position: number }>;
  return new Map(rows.map((r) => [r.id, r.position]));
}

/** Of these tiers, the ones somebody is waiting for. */
export async function tiersWithWaiting(manager: EntityManager, tierIds: string[]): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT DISTINCT tier_id FROM waitlist_entries WHERE tier_id = ANY($1::uuid[]) AND status = 'waiting'`,
    [tierIds],
  )) as Array<{ tier_id: string }>;
  return rows.map((r) => r.tier_id);
}

/**
 * The sweeper's look: tiers of live, published events with free units and somebody waiting. Freed units
 * should never sit there for long; this finds them whatever Redis forgot.
 */
export async function tiersToOffer(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT t.id
       FROM ticket_tiers t JOIN events e ON e.id = t.event_id
      WHERE t.capacity - t.sold - t.held > 0 AND t.deleted_at IS NULL
        AND e.status = 'published' AND e.deleted_at IS NULL AND e.ends_at > $1
        AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.tier_id = t.id AND w.status = 'waiting')
      LIMIT $2`,
    [now, limit],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Offers whose time is up, oldest first. */
export async function overdueOffers(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT id FROM waitlist_entries WHERE status = 'offered' AND offer_expires_at <= $1
      ORDER BY offer_expires_at LIMIT $2`,
    [now, limit],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Per-tier counts of an event's active entries (the sales report reads the same from `event_waitlist_by_tier`). */
export async function countsByTier(
  manager: EntityManager,
  eventId: string,
): Promise<Map<string, { waiting: number; offered: number }>> {
  const rows = (await manager.query(
    `SELECT tier_id,
            count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
            count(*) FILTER (WHERE status = 'offered')::int AS offered
       FROM waitlist_entries
      WHERE event_id = $1 AND status IN ('waiting', 'offered')
      GROUP BY tier_id`,
    [eventId],
  )) as Array<{ tier_id: string; waiting: number; offered: number }>;
  return new Map(rows.map((r) => [r.tier_id, { waiting: r.waiting, offered: r.offered }]));
}
