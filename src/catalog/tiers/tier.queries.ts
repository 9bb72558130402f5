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
