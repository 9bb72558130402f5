import { EntityManager } from 'typeorm';
import { Event } from '../../catalog/events/event.entity';
import { tierAvailability } from '../../catalog/tiers/tier-availability';
import { findEventTiers } from '../../catalog/tiers/tier.queries';
import { TierAvailabilityChangeDto } from './dto/tier-availability-change.dto';

/** The public state of every visible (not hidden, not deleted) tier of an event, in display order. */
export async function readTierStates(
  manager: EntityManager,
  eventId: string,
  now: Date,
): Promise<TierAvailabilityChangeDto[]> {
  const [event, tiers] = await Promise.all([
    manager.findOne(Event, { where: { id: eventId }, withDeleted: true }),
    findEventTiers(manager, eventId, { includeHidden: false }),
  ]);
  if (!event) return [];
  const eventState = { ...event, deleted: event.deletedAt !== null };
  return tiers.map((tier) => {
    const { available, status } = tierAvailability({ ...tier, event: eventState }, now);
    return { tierId: tier.id, available, status };
  });
}
