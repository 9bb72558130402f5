import { EntityManager } from 'typeorm';
import { QueueEntryStatus } from '../waiting-room/queue-status';

/** An admitted entry as the hold transaction sees it, locked. */
export interface LockedAdmission {
  id: string;
  status: QueueEntryStatus;
  admissionExpiresAt: Date | null;
}

/**
 * Locks the entries whose tokens a batch of holds carries (ascending ids, before the tier locks: a buyer's own
 * row, so it never queues behind the hot tier) and reads their state. A second hold with the same token waits
 * here for the first one's commit and then sees it `used`.
 */
export async function lockAdmissions(
  manager: EntityManager,
  entryIds: string[],
): Promise<Map<string, LockedAdmission>> {
  if (entryIds.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT id, status, admission_expires_at FROM queue_entries
      WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [[...new Set(entryIds)]],
  )) as Array<{ id: string; status: QueueEntryStatus; admission_expires_at: Date | null }>;
  return new Map(
    rows.map((r) => [r.id, { id: r.id, status: r.status, admissionExpiresAt: r.admission_expires_at }]),
  );
}

/** Marks the tokens of the holds that were placed as used, in the hold's transaction. */
export async function markAdmissionsUsed(
  manager: EntityManager,
  uses: Array<{ entryId: string; orderId: string }>,
  now: Date,
): Promise<void> {
  if (uses.length === 0) return;
  await manager.query(
    `UPDATE queue_entries q SET status = 'used', order_id = v.order_id, used_at = $3, updated_at = $3
       FROM unnest($1::uuid[], $2::uuid[]) AS v(entry_id, order_id)
      WHERE q.id = v.entry_id AND q.status = 'admitted'`,
    [uses.map((u) => u.entryId), uses.map((u) => u.orderId), now],
  );
}
