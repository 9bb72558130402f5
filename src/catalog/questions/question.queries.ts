import { EntityManager } from 'typeorm';
import { EventQuestion } from './event-question.entity';

/** The live questions of an event, in the order buyers see them. */
export function findEventQuestions(manager: EntityManager, eventId: string): Promise<EventQuestion[]> {
  return manager.find(EventQuestion, {
    where: { eventId },
    order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
  });
}

/** The ids among `tierIds` that are not live tiers of the event. */
export async function foreignTierIds(
  manager: EntityManager,
  eventId: string,
  tierIds: string[],
): Promise<string[]> {
  if (tierIds.length === 0) return [];
  const rows = (await manager.query(
    `SELECT id FROM ticket_tiers WHERE id = ANY($1::uuid[]) AND event_id = $2 AND deleted_at IS NULL`,
    [tierIds, eventId],
  )) as Array<{ id: string }>;
  const known = new Set(rows.map((r) => r.id));
  return tierIds.filter((id) => !known.has(id));
}
