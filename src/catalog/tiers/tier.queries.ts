import { EntityManager } from 'typeorm';
import { TicketTier } from './ticket-tier.entity';

/**
 * Tier SQL shared by the events and tiers services, kept beside the entity. The tiers of an event are listed
 * in the promoter's order, then cheapest first.
 */
export function findEventTiers(
  manager: EntityManager,
  eventId: string,
  options: { includeHidden: boolean },
): Promise<TicketTier[]>;
export function findEventTiers(
  manager: EntityManager,
  eventId: string,
  options: { includeHidden: boolean; page: { limit: number; offset: number } },
): Promise<[TicketTier[], number]>;
export function findEventTiers(
  manager: EntityManager,
  eventId: string,
  options: { includeHidden: boolean; page?: { limit: number; offset: number } },
): Promise<TicketTier[] | [TicketTier[], number]> {
  const find = {
    where: options.includeHidden ? { eventId } : { eventId, hidden: false },
    order: { sortOrder: 'ASC', price: 'ASC', createdAt: 'ASC', id: 'ASC' } as const,
  };
  if (!options.page) return manager.find(TicketTier, find);
  return manager.findAndCount(TicketTier, { ...find, take: options.page.limit, skip: options.page.offset });
}

export function countEventTiers(manager: EntityManager, eventId: string): Promise<number> {
  return manager.count(TicketTier, { where: { eventId } });
}

/**
 * Sold and held units across the event's tiers, with the tier rows locked until the caller's transaction ends.
 * The lock makes "no sales yet" stay true while the caller changes the event: a hold has to wait for it.
 */
export async function lockEventInventory(
  manager: EntityManager,
  eventId: string,
  lockTimeoutMs: number,
): Promise<{ sold: number; held: number }> {
  await setLockTimeout(manager, lockTimeoutMs);
  const rows = (await manager.query(
    `SELECT sold, held FROM ticket_tiers WHERE event_id = $1 AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
    [eventId],
  )) as Array<{ sold: number; held: number }>;
  return rows.reduce((sum, r) => ({ sold: sum.sold + r.sold, held: sum.held + r.held }), {
    sold: 0,
    held: 0,
  });
}

/** A lock wait longer than this fails with 55P03, which the error filter answers as 503 INVENTORY_BUSY. */
export async function setLockTimeout(manager: EntityManager, ms: number): Promise<void> {
  await manager.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(ms))}`);
}
