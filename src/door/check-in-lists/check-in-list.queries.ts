import { EntityManager } from 'typeorm';
import { CheckInListStatsDto } from './dto/check-in-list.dto';

/**
 * Per-list statistics in one statement: live tickets of the list's tiers (expected), those admitted on the list
 * at least once, and those inside now.
 */
export async function listStats(
  manager: EntityManager,
  listIds: string[],
): Promise<Map<string, CheckInListStatsDto>> {
  if (listIds.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT l.id,
            (SELECT count(*)::int FROM tickets t
              WHERE t.event_id = l.event_id AND t.status <> 'void'
                AND (cardinality(l.tier_ids) = 0 OR t.tier_id = ANY(l.tier_ids))) AS expected,
            s.checked_in, s.inside_now
       FROM check_in_lists l
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS checked_in, (count(*) FILTER (WHERE st.inside))::int AS inside_now
           FROM check_in_states st JOIN tickets t ON t.id = st.ticket_id
          WHERE st.list_id = l.id AND t.status <> 'void'
       ) s ON true
      WHERE l.id = ANY($1::uuid[])`,
    [listIds],
  )) as Array<{ id: string; expected: number; checked_in: number; inside_now: number }>;
  return new Map(
    rows.map((r) => [r.id, { expected: r.expected, checkedIn: r.checked_in, insideNow: r.inside_now }]),
  );
}

/** Of these tier ids, the ones that are not live tiers of the event. */
export async function foreignTiers(
  manager: EntityManager,
  eventId: string,
  tierIds: string[],
): Promise<string[]> {
  if (tierIds.length === 0) return [];
  const rows = (await manager.query(
    `SELECT id FROM ticket_tiers WHERE event_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL`,
    [eventId, tierIds],
  )) as Array<{ id: string }>;
  const own = new Set(rows.map((r) => r.id));
  return tierIds.filter((id) => !own.has(id));
}
