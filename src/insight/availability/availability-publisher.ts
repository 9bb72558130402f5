import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../../platform/redis/redis.module';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';

/** The Redis pub/sub channel of one event's availability changes. */
const AVAILABILITY_CHANNEL_PREFIX = 'availability:';
export const availabilityChannel = (eventId: string) => `${AVAILABILITY_CHANNEL_PREFIX}${eventId}`;

/** Tier ids are never reassigned to another event, so their event ids can be remembered; this bounds the map. */
const TIER_CACHE_LIMIT = 10_000;

/**
 * Announces inventory changes on Redis pub/sub, one channel per event, so every API instance's streams hear
 * about every change wherever it happened (API or worker). The message only says *which* tiers changed; each
 * streaming instance reads the committed state itself, so a late or reordered message can never leave a client
 * showing an old number. Announcements within one tick are merged, so a burst of holds costs one PUBLISH.
 */
@Injectable()
export class AvailabilityPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(AvailabilityPublisher.name);
  private readonly eventOfTier = new Map<string, string>();
  private readonly pending = new Set<string>();
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onModuleDestroy(): void {
    this.closed = true;
  }

  /** Once a change of these tiers has committed: queues them for the next flush and returns at once. */
  @OnDomainEvent('TiersChanged', 'after-commit')
  announce({ tierIds }: DomainEventMap['TiersChanged']): void {
    // Once shutting down, the data source and Redis are going away; streams elsewhere re-read on heartbeats.
    if (this.closed) return;
    for (const id of tierIds) this.pending.add(id);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const tierIds = [...this.pending];
    this.pending.clear();
    this.flushScheduled = false;
    if (this.closed) return;
    try {
      const byEvent = new Map<string, string[]>();
      for (const [tierId, eventId] of await this.eventsOf(tierIds)) {
        byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), tierId]);
      }
      await Promise.all(
        [...byEvent].map(([eventId, ids]) =>
          this.redis.publish(availabilityChannel(eventId), JSON.stringify({ tierIds: ids })),
        ),
      );
    } catch (err) {
      // Streams re-read their tiers on every heartbeat, so a lost announcement only delays an update.
      this.logger.warn({ err, tierIds }, 'could not announce an availability change');
    }
  }

  private async eventsOf(tierIds: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unknown = tierIds.filter((id) => {
      const eventId = this.eventOfTier.get(id);
      if (eventId) found.set(id, eventId);
      return !eventId;
    });
    if (unknown.length === 0) return found;
    const rows = (await this.dataSource.query(
      `SELECT id, event_id FROM ticket_tiers WHERE id = ANY($1::uuid[])`,
      [unknown],
    )) as Array<{ id: string; event_id: string }>;
    if (this.eventOfTier.size + rows.length > TIER_CACHE_LIMIT) this.eventOfTier.clear();
    for (const row of rows) {
      this.eventOfTier.set(row.id, row.event_id);
      found.set(row.id, row.event_id);
    }
    return found;
  }
}
