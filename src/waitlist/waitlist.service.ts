import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { JobName, JobPayloads, QueueName } from '../common/jobs/queues';
import { afterCommit } from '../database/after-commit';
import { registerUnitsFreedListener, UnitsFreedListener, unregisterUnitsFreedListener } from './units-freed';
import { countsByTier, tiersWithWaiting } from './waitlist.queries';

export interface TierWaitlistCounts {
  waiting: number;
  offered: number;
}

/** Job id of an offer's lapse: one per entry (an entry is offered at most once). */
export const lapseJobId = (entryId: string) => `waitlist-lapse-${entryId}`;

/** Deduplication id of "offer the freed units of this tier": bursts of freed units coalesce into one run. */
export const offerDedupeId = (tierId: string) => `waitlist-offer-${tierId}`;

/**
 * The waitlist's face to the rest of the app: "units of these tiers were freed" and the per-tier counts
 * promoters and reports read. Units are freed in one place, `moveUnits` (orders/inventory.ts), plus a raised
 * capacity in the tiers service; both reach `notifyUnitsFreed` through `unitsFreed(manager, tierIds)`.
 */
@Injectable()
export class WaitlistService implements UnitsFreedListener, OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Waitlist) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    registerUnitsFreedListener(this.dataSource, this);
  }

  onModuleDestroy(): void {
    unregisterUnitsFreedListener(this.dataSource, this);
  }

  /**
   * Call inside the transaction that returned units of `tierIds` to available. Once it commits, the worker
   * offers them to the tiers' waitlists. Should the process die first, the offer sweeper finds them anyway.
   */
  notifyUnitsFreed(manager: EntityManager, tierIds: string[]): void {
    const ids = [...new Set(tierIds)];
    if (ids.length === 0) return;
    afterCommit(manager, () => this.enqueueOffers(ids));
  }

  /**
   * Queues one offer run per tier somebody waits for. Deduplicated per tier: while a run is queued, more
   * calls add nothing; while one is running, exactly one more is kept to run after it, so units freed during
   * a run are never missed.
   */
  async enqueueOffers(tierIds: string[]): Promise<void> {
    const waited = await tiersWithWaiting(this.dataSource.manager, tierIds);
    if (waited.length === 0) return;
    await this.queue.addBulk(
      waited.map((tierId) => {
        const data: JobPayloads[JobName.OfferWaitlistUnits] = { tierId };
        return {
          name: JobName.OfferWaitlistUnits,
          data,
          opts: { deduplication: { id: offerDedupeId(tierId), keepLastIfActive: true } },
        };
      }),
    );
  }

  /** The delayed jobs that lapse offers on time. */
  async scheduleLapses(offers: Array<{ id: string; expiresAt: Date }>): Promise<void> {
    const now = this.clock.now().getTime();
    await this.queue.addBulk(
      offers.map((o) => {
        const data: JobPayloads[JobName.LapseWaitlistOffer] = { entryId: o.id };
        return {
          name: JobName.LapseWaitlistOffer,
          data,
          opts: { jobId: lapseJobId(o.id), delay: Math.max(0, o.expiresAt.getTime() - now) },
        };
      }),
    );
  }

  /** Waiting and offered entries per tier of an event (tiers nobody waits for are absent). */
  countsByTier(
    eventId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, TierWaitlistCounts>> {
    return countsByTier(manager, eventId);
  }
}
