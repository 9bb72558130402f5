import { EntityManager } from 'typeorm';
import { QUEUE_STATES, QueueEntryStatus } from './queue-status';

/** Ranks of late arrivals start here; random ranks of early ones lie below (48 bits). */
export const LATE_RANK_BASE = 2 ** 48;

/** The columns of an entry as the waiting room reads it. */
export interface EntryRow {
  id: string;
  event_id: string;
  user_id: string;
  rank: string;
  randomised: boolean;
  status: QueueEntryStatus;
  waitlist_tier_id: string | null;
  admitted_at: Date | null;
  admission_expires_at: Date | null;
  created_at: Date;
}

const ENTRY_COLUMNS = `id, event_id, user_id, rank, randomised, status, waitlist_tier_id, admitted_at,
  admission_expires_at, created_at`;

/**
 * Inserts the buyer's entry unless they have one (one per buyer and event); a late arrival's rank comes from
 * `queue_arrival_seq`, so it sorts after every random rank and after every earlier late arrival. Returns the
 * entry and whether it is new.
 */
export async function insertEntry(
  manager: EntityManager,
  entry: {
    eventId: string;
    userId: string;
    randomRank: number | null;
    waitlistTierId: string | null;
    now: Date;
  },
): Promise<{ row: EntryRow; created: boolean }> {
  const inserted = (await manager.query(
    `INSERT INTO queue_entries (event_id, user_id, rank, randomised, waitlist_tier_id, created_at, updated_at)
     VALUES ($1, $2, coalesce($3::bigint, $4::bigint + nextval('queue_arrival_seq')), $3 IS NOT NULL, $5, $6, $6)
     ON CONFLICT (event_id, user_id) DO NOTHING
     RETURNING ${ENTRY_COLUMNS}`,
    [entry.eventId, entry.userId, entry.randomRank, LATE_RANK_BASE, entry.waitlistTierId, entry.now],
  )) as EntryRow[];
  if (inserted.length > 0) return { row: inserted[0], created: true };
  return { row: (await findEntry(manager, entry.eventId, entry.userId))!, created: false };
}

export async function findEntry(
  manager: EntityManager,
  eventId: string,
  userId: string,
): Promise<EntryRow | null> {
  const rows = (await manager.query(
    `SELECT ${ENTRY_COLUMNS} FROM queue_entries WHERE event_id = $1 AND user_id = $2`,
    [eventId, userId],
  )) as EntryRow[];
  return rows[0] ?? null;
}

/** The position from Postgres (1 = next): the waiting entries ahead of this one, plus one. */
export async function positionFromRecord(manager: EntityManager, entry: EntryRow): Promise<number> {
  const [{ ahead }] = (await manager.query(
    `SELECT count(*)::int AS ahead FROM queue_entries
      WHERE event_id = $1 AND status = 'waiting' AND (rank, id) < ($2::bigint, $3::uuid)`,
    [entry.event_id, entry.rank, entry.id],
  )) as Array<{ ahead: number }>;
  return ahead + 1;
}

/** Every waiting entry of the event with its rank: what the Redis index holds. */
export async function waitingRanks(
  manager: EntityManager,
  eventId: string,
): Promise<Array<{ id: string; rank: string }>> {
  return (await manager.query(
    `SELECT id, rank FROM queue_entries WHERE event_id = $1 AND status = 'waiting'`,
    [eventId],
  )) as Array<{ id: string; rank: string }>;
}

/** An event whose waiting room has work: a queue enabled, published and opened, with entries waiting or admitted. */
export interface QueueEventRow {
  id: string;
  sales_start_at: Date | null;
  published_at: Date;
  sales_end_at: Date | null;
  ends_at: Date;
  queue_admit_per_minute: number | null;
  queue_token_ttl_seconds: number;
}

export async function eventsWithQueues(manager: EntityManager, now: Date): Promise<QueueEventRow[]> {
  return (await manager.query(
    `SELECT e.id, e.sales_start_at, e.published_at, e.sales_end_at, e.ends_at, e.queue_admit_per_minute,
            e.queue_token_ttl_seconds
       FROM events e
      WHERE e.queue_enabled AND e.status = 'published' AND e.deleted_at IS NULL AND e.queue_opens_at <= $1
        AND EXISTS (SELECT 1 FROM queue_entries q WHERE q.event_id = e.id AND q.status IN ('waiting', 'admitted'))`,
    [now],
  )) as QueueEventRow[];
}

/**
 * The units buyers can order now: every live public tier inside its sales window, capacity less sold and held.
 * Hidden tiers are left out: a queued buyer without their access code cannot buy them.
 */
export async function availableUnits(manager: EntityManager, eventId: string, now: Date): Promise<number> {
  const [{ available }] = (await manager.query(
    `SELECT coalesce(sum(capacity - sold - held), 0)::int AS available FROM ticket_tiers
      WHERE event_id = $1 AND deleted_at IS NULL AND NOT hidden
        AND (sales_start_at IS NULL OR sales_start_at <= $2) AND (sales_end_at IS NULL OR sales_end_at > $2)`,
    [eventId, now],
  )) as Array<{ available: number }>;
  return available;
}

/** Tokens still valid (admitted, unused, unexpired), and admissions in the 60 seconds before `now`. */
export async function admissionLoad(
  manager: EntityManager,
  eventId: string,
  now: Date,
): Promise<{ outstanding: number; lastMinute: number }> {
  const [row] = (await manager.query(
    `SELECT count(*) FILTER (WHERE status = 'admitted' AND admission_expires_at > $2)::int AS outstanding,
            count(*) FILTER (WHERE admitted_at > $3)::int AS last_minute
       FROM queue_entries
      WHERE event_id = $1 AND (status = 'admitted' OR admitted_at > $3)`,
    [eventId, now, new Date(now.getTime() - 60_000)],
  )) as Array<{ outstanding: number; last_minute: number }>;
  return { outstanding: row.outstanding, lastMinute: row.last_minute };
}

/** Admitted entries whose tokens ran out unused become `lapsed`. */
export async function lapseAdmissions(manager: EntityManager, eventId: string, now: Date): Promise<string[]> {
  // An UPDATE answers [rows, count] through TypeORM.
  const [rows] = (await manager.query(
    `UPDATE queue_entries SET status = 'lapsed', updated_at = $2
      WHERE event_id = $1 AND status = ANY($3::queue_entry_status[]) AND admission_expires_at <= $2
      RETURNING id`,
    [eventId, now, QUEUE_STATES.sourcesOf(QueueEntryStatus.Lapsed)],
  )) as [Array<{ id: string }>, number];
  return rows.map((r) => r.id);
}

/**
 * Admits the next `count` waiting entries in rank order. `SKIP LOCKED` keeps two admitting transactions (should
 * two workers ever run at once) from admitting one entry twice or waiting on each other.
 */
export async function admitNext(
  manager: EntityManager,
  eventId: string,
  count: number,
  now: Date,
  expiresAt: Date,
): Promise<Array<{ id: string; user_id: string }>> {
  if (count <= 0) return [];
  const [rows] = (await manager.query(
    `UPDATE queue_entries SET status = 'admitted', admitted_at = $3, admission_expires_at = $4, updated_at = $3
      WHERE id IN (SELECT id FROM queue_entries WHERE event_id = $1 AND status = 'waiting'
                    ORDER BY rank, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id, user_id`,
    [eventId, count, now, expiresAt],
  )) as [Array<{ id: string; user_id: string }>, number];
  return rows;
}

/** Every waiting entry becomes `sold_out`; returns them in queue order. */
export async function markSoldOut(
  manager: EntityManager,
  eventId: string,
  now: Date,
): Promise<Array<{ id: string; user_id: string; waitlist_tier_id: string | null }>> {
  const [rows] = (await manager.query(
    `UPDATE queue_entries SET status = 'sold_out', updated_at = $2
      WHERE event_id = $1 AND status = ANY($3::queue_entry_status[])
      RETURNING id, user_id, waitlist_tier_id, rank`,
    [eventId, now, QUEUE_STATES.sourcesOf(QueueEntryStatus.SoldOut)],
  )) as [Array<{ id: string; user_id: string; waitlist_tier_id: string | null; rank: string }>, number];
  return rows.sort((a, b) => compareRank(a, b));
}

/** Queue order: rank, then id (as the index and `ORDER BY rank, id`). */
export function compareRank(a: { rank: string; id: string }, b: { rank: string; id: string }): number {
  const d = BigInt(a.rank) - BigInt(b.rank);
  if (d !== 0n) return d < 0n ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
