import { EntityManager, In } from 'typeorm';
import { tiersChanged } from '../insight/availability/availability-publisher';
import { TicketTier } from '../catalog/tiers/ticket-tier.entity';
import { unitsFreed } from '../waitlist/units-freed';

/** Units of one tier moving between available, `held` and `sold`. */
export interface UnitMove {
  tierId: string;
  /** Change to `held` (positive takes units, negative returns them). */
  held: number;
  /** Change to `sold`. */
  sold: number;
}

/**
 * Makes a lock wait give up after `ms` instead of queueing without end; Postgres raises 55P03, which the global
 * filter answers with 503 INVENTORY_BUSY and Retry-After. Must run inside the transaction (it is LOCAL).
 */
export async function setLockTimeout(manager: EntityManager, ms: number): Promise<void> {
  // SET takes no bind parameters; the value is a validated integer from the configuration.
  await manager.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.trunc(ms))}`);
}

/**
 * Takes the pessimistic-write lock on the tier rows, in ascending id order, so two transactions that both touch
 * tiers A and B always queue on A first and can never deadlock. Postgres applies FOR UPDATE after the sort, so
 * the rows are locked in the ORDER BY order. Call it last in the transaction and commit right after.
 */
export async function lockTiers(manager: EntityManager, tierIds: string[]): Promise<TicketTier[]> {
  const ids = [...new Set(tierIds)];
  return manager.find(TicketTier, {
    where: { id: In(ids) },
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
    withDeleted: true,
  });
}

/**
 * Applies the moves in one statement. The tiers must already be locked (lockTiers) in this transaction; the
 * CHECK constraint on ticket_tiers refuses any move that would oversell, whatever the caller computed.
 */
export async function moveUnits(manager: EntityManager, moves: UnitMove[]): Promise<void> {
  const merged = new Map<string, UnitMove>();
  for (const m of moves) {
    const prev = merged.get(m.tierId) ?? { tierId: m.tierId, held: 0, sold: 0 };
    merged.set(m.tierId, { tierId: m.tierId, held: prev.held + m.held, sold: prev.sold + m.sold });
  }
  const rows = [...merged.values()].filter((m) => m.held !== 0 || m.sold !== 0);
  if (rows.length === 0) return;
  await manager.query(
    `UPDATE ticket_tiers t
        SET held = t.held + v.held, sold = t.sold + v.sold, updated_at = now()
       FROM unnest($1::uuid[], $2::int[], $3::int[]) AS v(id, held, sold)
      WHERE t.id = v.id`,
    [rows.map((r) => r.tierId), rows.map((r) => r.held), rows.map((r) => r.sold)],
  );
  // Units back to available go to the tiers' waitlists first, in this same transaction.
  await unitsFreed(
    manager,
    rows.filter((r) => r.held + r.sold < 0).map((r) => r.tierId),
  );
  // held → sold (fulfilment) leaves the available count as it was: nothing to announce.
  tiersChanged(
    manager,
    rows.filter((r) => r.held + r.sold !== 0).map((r) => r.tierId),
  );
}

/** An order's hold ends (expiry, cancel, a cancelled event): its tiers are locked and its units leave `held`. */
export async function releaseHeld(
  manager: EntityManager,
  items: Array<{ tierId: string; quantity: number }>,
): Promise<void> {
  await lockTiers(
    manager,
    items.map((i) => i.tierId),
  );
  await moveUnits(
    manager,
    items.map((i) => ({ tierId: i.tierId, held: -i.quantity, sold: 0 })),
  );
}

export function availableUnits(tier: Pick<TicketTier, 'capacity' | 'sold' | 'held'>): number {
  return Math.max(0, tier.capacity - tier.sold - tier.held);
}
