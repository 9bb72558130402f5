import { Injectable } from '@nestjs/common';
import { CachedBody, ResponseCache } from '../../platform/cache/response-cache';
import { Clock } from '../../platform/clock/clock';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { toPage } from '../../platform/http/page';
import { TierDto } from '../tiers/dto/tier.dto';
import { EventQueryDto } from './dto/event-query.dto';
import { EventDetailDto, EventDto } from './dto/event.dto';
import { EventAccessService } from './event-access.service';
import { EventSearchService } from './event-search.service';

/** An event page shows live availability: never older than this. */
const DETAIL_TTL_MS = 1000;
/** While tickets sell, a page reloads at most this often per instance (every change marks it, see `touch`). */
const DETAIL_MIN_AGE_MS = 250;
/** Lists show no availability: a new or changed event appears within this. */
const LIST_TTL_MS = 2000;

const detailKey = (eventId: string) => `catalog:event:${eventId}`;

/**
 * The public catalogue as anonymous buyers read it, cached in process and in Redis (`ResponseCache`): an
 * event's page (with its visible tiers and their availability) and the filtered lists. An edit of an event or
 * its tiers (`CatalogChanged`) drops the page everywhere at once; stock changes (`TiersChanged`, many a second in
 * a sale) refresh it at most every 250 ms, and it is never more than a second old. Signed-in members get their
 * fuller view uncached (EventAccessService).
 */
@Injectable()
export class EventCatalogService {
  /** The list keys this instance has cached, so an edit can drop them. */
  private readonly listKeys = new Set<string>();

  constructor(
    private readonly cache: ResponseCache,
    private readonly access: EventAccessService,
    private readonly search: EventSearchService,
    private readonly clock: Clock,
  ) {}

  /** The public page of a published event, as JSON text; 404 NOT_FOUND when the public may not see it. */
  publicDetail(eventId: string): Promise<CachedBody> {
    return this.cache.get(
      detailKey(eventId),
      { ttlMs: DETAIL_TTL_MS, minAgeMs: DETAIL_MIN_AGE_MS },
      async () => {
        const { event, tiers } = await this.access.withTiers(undefined, eventId);
        const now = this.clock.now();
        return EventDetailDto.withTiers(
          event,
          tiers.map((t) => TierDto.from(t, event, now)),
        );
      },
    );
  }

  /** A page of the public list, as JSON text. */
  publicList(query: EventQueryDto): Promise<CachedBody> {
    const key = `catalog:events:${JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)))}`;
    // Bounded: any query string makes a key.
    if (this.listKeys.size >= 5_000) this.listKeys.clear();
    this.listKeys.add(key);
    return this.cache.get(key, { ttlMs: LIST_TTL_MS, minAgeMs: LIST_TTL_MS }, async () => {
      const [rows, total] = await this.search.listPublic(query);
      return toPage(rows.map(EventDto.from), total, query);
    });
  }

  @OnDomainEvent('CatalogChanged', 'after-commit')
  async onCatalogChanged({ eventId }: DomainEventMap['CatalogChanged']): Promise<void> {
    const lists = [...this.listKeys];
    this.listKeys.clear();
    await this.cache.invalidate([detailKey(eventId), ...lists]);
  }

  @OnDomainEvent('TiersChanged', 'after-commit')
  onStockChanged({ tiers }: DomainEventMap['TiersChanged']): void {
    for (const eventId of new Set(tiers.map((t) => t.eventId))) this.cache.touch(detailKey(eventId));
  }
}
