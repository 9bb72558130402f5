import { DataSource, EntityManager } from 'typeorm';

/** What `unitsFreed` reaches: the app's WaitlistService (an interface, so inventory code needs no Nest import). */
export interface UnitsFreedListener {
  notifyUnitsFreed(manager: EntityManager, tierIds: string[]): Promise<void>;
}

/** The listener of each app's data source, so plain inventory functions can reach it from a manager. */
const listeners = new WeakMap<DataSource, UnitsFreedListener>();

export function registerUnitsFreedListener(dataSource: DataSource, listener: UnitsFreedListener): void {
  listeners.set(dataSource, listener);
}

export function unregisterUnitsFreedListener(dataSource: DataSource, listener: UnitsFreedListener): void {
  if (listeners.get(dataSource) === listener) listeners.delete(dataSource);
}

/**
 * Says "units of these tiers went back to available" (an expired, cancelled or refunded order, a lapsed or
 * left offer, a raised capacity). Call it in the transaction that freed them, with the tiers locked: the
 * units are offered to the tiers' waitlists in that same transaction, so the public never sees them first.
 * A no-op in a process without the waitlist (a CLI).
 */
export async function unitsFreed(manager: EntityManager, tierIds: string[]): Promise<void> {
  if (tierIds.length === 0) return;
  await listeners.get(manager.dataSource)?.notifyUnitsFreed(manager, tierIds);
}
