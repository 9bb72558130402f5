import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EventAccessService } from '../../catalog/events/event-access.service';
import { Event } from '../../catalog/events/event.entity';
import { findEventTiers } from '../../catalog/tiers/tier.queries';
import type { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { assertNoFieldErrors } from '../../catalog/events/event-schedule';
import { AdmissionTokens } from '../admission/admission-tokens';
import { JoinQueueDto } from './dto/join-queue.dto';
import { QueueEntryDto } from './dto/queue-entry.dto';
import { QueueIndex } from './queue-index';
import { QueueEntryStatus } from './queue-status';
import { EntryRow, findEntry, insertEntry, positionFromRecord } from './queue.queries';

/** What a view of an entry needs of its event. */
export interface QueueTerms {
  salesStart: Date;
  admitPerMinute: number | null;
}

/** A random 48-bit rank: below every late arrival's rank. */
const randomRank = () => randomBytes(6).readUIntBE(0, 6);

/**
 * The buyer's side of the waiting room: joining (one entry per buyer and event) and reading one's place, with
 * the admission token once admitted. Admission itself is the tick's (QueueAdmissionsService).
 */
@Injectable()
export class WaitingRoomService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly events: EventAccessService,
    private readonly index: QueueIndex,
    private readonly tokens: AdmissionTokens,
  ) {}

  /**
   * `POST /events/{id}/queue`: a new entry, or the buyer's existing one unchanged (`created` false). Early
   * arrivals (before the sales start) draw a random rank; later ones queue in arrival order behind them.
   */
  async join(
    user: AuthUser,
    eventId: string,
    dto: JoinQueueDto,
  ): Promise<{ entry: QueueEntryDto; created: boolean }> {
    const { event } = await this.events.visible(undefined, eventId);
    const now = this.clock.now();
    this.assertJoinable(event, now);
    const existing = await findEntry(this.dataSource.manager, eventId, user.id);
    if (existing) return { entry: await this.view(existing, termsOf(event)), created: false };
    const waitlistTierId = await this.waitlistTier(this.dataSource.manager, event, dto);
    const terms = termsOf(event);
    const { row, created } = await insertEntry(this.dataSource.manager, {
      eventId,
      userId: user.id,
      randomRank: now < terms.salesStart ? randomRank() : null,
      waitlistTierId,
      now,
    });
    if (created) await this.index.add(eventId, row.id, row.rank);
    return { entry: await this.view(row, terms), created };
  }

  /** `GET /events/{id}/queue/me`: 404 when the buyer has no entry for the event. */
  async mine(user: AuthUser, eventId: string): Promise<QueueEntryDto> {
    const found = await this.entryWithTerms(user.id, eventId);
    if (!found) throw DomainError.notFound('Queue entry', eventId);
    return this.view(found.entry, found.terms);
  }

  /** The buyer's entry and its event's terms, in one read (the stream re-reads with it). */
  async entryWithTerms(
    userId: string,
    eventId: string,
  ): Promise<{ entry: EntryRow; terms: QueueTerms } | null> {
    const entry = await findEntry(this.dataSource.manager, eventId, userId);
    if (!entry) return null;
    const event = await this.dataSource.manager.findOne(Event, { where: { id: eventId }, withDeleted: true });
    return event ? { entry, terms: termsOf(event) } : null;
  }

  /**
   * An entry as its buyer sees it: while waiting, the position (from the Redis index, or counted in Postgres
   * when the index is being rebuilt) and an ETA; once admitted, the token. An admitted entry past its token's
   * expiry reads `lapsed` before the tick has recorded it.
   */
  async view(entry: EntryRow, terms: QueueTerms): Promise<QueueEntryDto> {
    const now = this.clock.now();
    let status = entry.status;
    if (status === QueueEntryStatus.Admitted && entry.admission_expires_at! <= now)
      status = QueueEntryStatus.Lapsed;
    let position: number | null = null;
    let etaSeconds: number | null = null;
    if (status === QueueEntryStatus.Waiting) {
      const indexed = await this.index
        .position(entry.event_id, entry.id)
        .catch(() => ({ position: null, ratePerMinute: null }));
      position = indexed.position ?? (await positionFromRecord(this.dataSource.manager, entry));
      etaSeconds = eta(position, indexed.ratePerMinute, terms, now);
    }
    const admitted = status === QueueEntryStatus.Admitted;
    return {
      entryId: entry.id,
      eventId: entry.event_id,
      status,
      position,
      etaSeconds,
      randomised: entry.randomised,
      waitlistTierId: entry.waitlist_tier_id,
      joinedAt: entry.created_at,
      admissionToken: admitted
        ? this.tokens.sign({
            entryId: entry.id,
            eventId: entry.event_id,
            userId: entry.user_id,
            expiresAt: entry.admission_expires_at!,
          })
        : null,
      admittedAt: entry.admitted_at,
      admissionExpiresAt: entry.admission_expires_at,
    };
  }

  private assertJoinable(event: Event, now: Date): void {
    if (!event.queueEnabled || !event.queueOpensAt) {
      throw new DomainError('QUEUE_NOT_ENABLED', 'This event has no waiting room: order directly', {
        eventId: event.id,
      });
    }
    if (now >= (event.salesEndAt ?? event.endsAt)) {
      throw new DomainError('EVENT_NOT_ON_SALE', 'Sales of this event have ended', { status: event.status });
    }
    if (now < event.queueOpensAt) {
      throw new DomainError('QUEUE_NOT_OPEN', 'The waiting room is not open yet', {
        opensAt: event.queueOpensAt,
      });
    }
  }

  /** The tier whose waitlist the buyer joins at a sell-out: the one named, or the first public tier. */
  private async waitlistTier(
    manager: EntityManager,
    event: Event,
    dto: JoinQueueDto,
  ): Promise<string | null> {
    if (!dto.waitlist) {
      if (dto.tierId) {
        assertNoFieldErrors([{ field: 'tierId', errors: ['tierId is only taken with waitlist: true'] }]);
      }
      return null;
    }
    const tiers = await findEventTiers(manager, event.id, { includeHidden: false });
    const tier = dto.tierId ? tiers.find((t) => t.id === dto.tierId) : tiers[0];
    if (!tier && dto.tierId) {
      throw new DomainError('TIER_NOT_ON_SALE', 'This tier is not on sale', {
        tierId: dto.tierId,
        reason: 'not a public tier of this event',
      });
    }
    if (!tier) throw new DomainError('CONFLICT', 'This event has no public tier to wait for');
    return tier.id;
  }
}

export function termsOf(
  event: Pick<Event, 'salesStartAt' | 'publishedAt' | 'createdAt' | 'queueAdmitPerMinute'>,
): QueueTerms {
  return {
    salesStart: event.salesStartAt ?? event.publishedAt ?? event.createdAt,
    admitPerMinute: event.queueAdmitPerMinute,
  };
}

/** Seconds until admission at the recent rate (or the cap before any admission), after the sales start. */
function eta(position: number, ratePerMinute: number | null, terms: QueueTerms, now: Date): number | null {
  const rate = ratePerMinute && ratePerMinute > 0 ? ratePerMinute : terms.admitPerMinute;
  if (!rate) return null;
  const untilStart = Math.max(0, Math.ceil((terms.salesStart.getTime() - now.getTime()) / 1000));
  return untilStart + Math.ceil(((position - 1) * 60) / rate);
}
