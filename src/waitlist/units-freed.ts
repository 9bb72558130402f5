import { DataSource, EntityManager } from 'typeorm';

/** What `unitsFreed` reaches: the app's WaitlistService (an interface, so inventory code needs no Nest import). */
export interface UnitsFreedListener {
  notifyUnitsFreed(manager: EntityManager, tierIds: string[]): void;
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
 * left offer, a raised capacity). Call it in the transaction that freed them: once that commits, the worker
 * offers the units to the tiers' waitlists. A no-op in a process without the waitlist (a CLI).
 */
export function unitsFreed(manager: EntityManager, tierIds: string[]): void {
  if (tierIds.length === 0) return;
  listeners.get(manager.dataSource)?.notifyUnitsFreed(manager, tierIds);
}
