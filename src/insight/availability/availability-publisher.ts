import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { RedisClient } from '../../platform/redis/redis-connections';
import { REDIS } from '../../platform/redis/redis.module';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';

/** The Redis pub/sub channel of one event's availability changes. */
const AVAILABILITY_CHANNEL_PREFIX = 'availability:';
export const availabilityChannel = (eventId: string) => `${AVAILABILITY_CHANNEL_PREFIX}${eventId}`;

/**
 * Announces inventory changes on Redis pub/sub, one channel per event, so every API instance's streams hear
 * about every change wherever it happened (API or worker). The message only says *which* tiers changed; each
 * streaming instance reads the committed state itself, so a late or reordered message can never leave a client
 * showing an old number. Announcements within one tick are merged, so a burst of holds costs one PUBLISH.
 */
@Injectable()
export class AvailabilityPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(AvailabilityPublisher.name);
  /** Tier → event of the changes waiting for the next flush. */
  private readonly pending = new Map<string, string>();
  private flushScheduled = false;
  private closed = false;

  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onModuleDestroy(): void {
    this.closed = true;
  }

  /** Once a change of these tiers has committed: queues them for the next flush and returns at once. */
  @OnDomainEvent('TiersChanged', 'after-commit')
  announce({ tiers }: DomainEventMap['TiersChanged']): void {
    // Once shutting down, Redis is going away; streams elsewhere re-read on heartbeats.
    if (this.closed) return;
    for (const tier of tiers) this.pending.set(tier.id, tier.eventId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const byEvent = new Map<string, string[]>();
    for (const [tierId, eventId] of this.pending)
      byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), tierId]);
    this.pending.clear();
    this.flushScheduled = false;
    if (this.closed) return;
    try {
      await Promise.all(
        [...byEvent].map(([eventId, ids]) =>
          this.redis.publish(availabilityChannel(eventId), JSON.stringify({ tierIds: ids })),
        ),
      );
    } catch (err) {
      // Streams re-read their tiers on every heartbeat, so a lost announcement only delays an update.
      this.logger.warn({ err, events: [...byEvent.keys()] }, 'could not announce an availability change');
    }
  }
}
