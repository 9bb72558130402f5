import { Injectable } from '@nestjs/common';
import { CachedBody, ResponseCache } from '../../platform/cache/response-cache';
import { Clock } from '../../platform/clock/clock';
import { ReadDatabase } from '../../platform/database/read-database';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { toPage } from '../../platform/http/page';
import { codeRevealsTier, normalizeCode, usableCode } from '../codes/code-rules';
import { findCode } from '../codes/code.queries';
import { TierDto } from '../tiers/dto/tier.dto';
import { findEventTiers } from '../tiers/tier.queries';
import { EventQueryDto } from './dto/event-query.dto';
import { EventDetailDto, EventDto } from './dto/event.dto';
import { EventAccessService } from './event-access.service';
import { EventImageViews } from '../images/event-image-views';
import { EventSearchService } from './event-search.service';

/** An event page shows live availability: never older than this. */
const DETAIL_TTL_MS = 1000;
/** While tickets sell, a page reloads at most this often per instance (every change marks it, see `touch`). */
const DETAIL_MIN_AGE_MS = 250;
/** Lists show no availability: a new or changed event appears within this. */
const LIST_TTL_MS = 2000;

const detailKey = (eventId: string) => `catalog:event:${eventId}`;
const codeDetailKey = (eventId: string, code: string) => `catalog:event:${eventId}:code:${code}`;
/** How many events' code views this instance tracks for invalidation (their keys expire within a second anyway). */
const CODE_VIEW_EVENTS = 1_000;

/**
 * The public catalogue as anonymous buyers read it, cached in process and in Redis (`ResponseCache`): an
 * event's page (with its visible tiers and their availability) and the filtered lists. An edit of an event or
 * its tiers (`CatalogChanged`) drops the page everywhere at once; stock changes (`TiersChanged`, many a second in
 * a sale) refresh it at most every 250 ms, and it is never more than a second old. Signed-in members get their
 * fuller view uncached (EventAccessService).
 *
 * Every read here goes to the read replica when there is one (ReadDatabase): a page may show availability a
 * moment old, never more than the replica's lag plus the TTLs above. That is harmless because nothing here
 * decides anything: `POST /orders` locks and checks the tiers on the primary, so a stale page cannot oversell.
 *
 * A page read with a code (`?code=`) is cached apart, under a key of its own per event and code, never under the
 * public key: it shows what only the code's holder may see (the hidden tiers an access code reveals, a presale
 * tier on sale, prices with a discount). Its entries follow the public page's rules; an edit of the event, its
 * tiers or its codes drops them too.
 */
@Injectable()
export class EventCatalogService {
  /** The list keys this instance has cached, so an edit can drop them. */
  private readonly listKeys = new Set<string>();
  /** The code-view keys this instance has cached, per event. */
  private readonly codeKeys = new Map<string, Set<string>>();

  constructor(
    private readonly cache: ResponseCache,
    private readonly access: EventAccessService,
    private readonly search: EventSearchService,
    private readonly clock: Clock,
    private readonly read: ReadDatabase,
    private readonly images: EventImageViews,
  ) {}

  /** The public page of a published event, as JSON text; 404 NOT_FOUND when the public may not see it. */
  publicDetail(eventId: string): Promise<CachedBody> {
    return this.cache.get(
      detailKey(eventId),
      { ttlMs: DETAIL_TTL_MS, minAgeMs: DETAIL_MIN_AGE_MS },
      async () => {
        const { event, tiers } = await this.access.withTiers(undefined, eventId, this.read.manager);
        const now = this.clock.now();
        return EventDetailDto.withTiers(
          event,
          await this.images.forEvent(eventId),
          tiers.map((t) => TierDto.from(t, event, now)),
        );
      },
    );
  }

  /**
   * The event page as the holder of `text` sees it: the public tiers plus the hidden ones an access code reveals,
   * presale tiers on sale, prices with a discount code, and what the code does. 400 CODE_INVALID for an unknown,
   * inactive or expired code (not cached, so it never outlives a change of the code).
   */
  codeDetail(eventId: string, text: string): Promise<CachedBody> {
    const code = normalizeCode(text);
    const key = codeDetailKey(eventId, code);
    return this.cache.get(key, { ttlMs: DETAIL_TTL_MS, minAgeMs: DETAIL_MIN_AGE_MS }, async () => {
      const { event } = await this.access.visible(undefined, eventId, this.read.manager);
      const now = this.clock.now();
      const found = usableCode(await findCode(this.read.manager, eventId, code), now);
      // Only real codes are remembered, so made-up ones cannot grow the set.
      if (!this.codeKeys.has(eventId) && this.codeKeys.size >= CODE_VIEW_EVENTS) this.codeKeys.clear();
      this.codeKeys.set(eventId, (this.codeKeys.get(eventId) ?? new Set<string>()).add(key));
      const tiers = await findEventTiers(this.read.manager, eventId, { includeHidden: true });
      return EventDetailDto.withTiers(
        event,
        await this.images.forEvent(eventId),
        tiers
          .filter((t) => !t.hidden || codeRevealsTier(found, t.id))
          .map((t) => TierDto.seenWithCode(TierDto.from(t, event, now), found)),
        {
          code: found.code,
          kind: found.kind,
          discountBps: found.discountBps,
          discountAmount: found.discountAmount,
          tierIds: found.tierIds,
        },
      );
    });
  }

  /** A page of the public list, as JSON text. */
  publicList(query: EventQueryDto): Promise<CachedBody> {
    const key = `catalog:events:${JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)))}`;
    // Bounded: any query string makes a key.
    if (this.listKeys.size >= 5_000) this.listKeys.clear();
    this.listKeys.add(key);
    return this.cache.get(key, { ttlMs: LIST_TTL_MS, minAgeMs: LIST_TTL_MS }, async () => {
      const [rows, total] = await this.search.listPublic(query);
      const images = await this.images.forEvents(rows.map((e) => e.id));
      return toPage(
        rows.map((e) => EventDto.from(e, images.get(e.id) ?? [])),
        total,
        query,
      );
    });
  }

  @OnDomainEvent('CatalogChanged', 'after-commit')
  async onCatalogChanged({ eventId }: DomainEventMap['CatalogChanged']): Promise<void> {
    const lists = [...this.listKeys];
    this.listKeys.clear();
    const codeViews = [...(this.codeKeys.get(eventId) ?? [])];
    this.codeKeys.delete(eventId);
    await this.cache.invalidate([detailKey(eventId), ...codeViews, ...lists]);
  }

  @OnDomainEvent('TiersChanged', 'after-commit')
  onStockChanged({ tiers }: DomainEventMap['TiersChanged']): void {
    for (const eventId of new Set(tiers.map((t) => t.eventId))) {
      this.cache.touch(detailKey(eventId));
      for (const key of this.codeKeys.get(eventId) ?? []) this.cache.touch(key);
    }
  }
}
