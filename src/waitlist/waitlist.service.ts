import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { JobName, JobPayloads, QueueName } from '../platform/jobs/queues';
import { TierWaitlistCounts, WaitlistCounts } from '../catalog/tiers/tier-waitlist-counts.port';
import { countsByTier, tiersWithWaiting } from './waitlist.queries';

/** Job id of an offer's lapse: one per entry (an entry is offered at most once). */
export const lapseJobId = (entryId: string) => `waitlist-lapse-${entryId}`;

/** Deduplication id of "offer the freed units of this tier": bursts of freed units coalesce into one run. */
export const offerDedupeId = (tierId: string) => `waitlist-offer-${tierId}`;

/**
 * The waitlist's queue side (offer runs for a join that finds free units, lapse jobs) and the per-tier counts
 * promoters and reports read. Freed units are offered by `WaitlistOffersService.notifyUnitsFreed`.
 */
@Injectable()
export class WaitlistService implements TierWaitlistCounts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Waitlist) private readonly queue: Queue,
  ) {}

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
  countsByTier(eventId: string): Promise<Map<string, WaitlistCounts>> {
    return countsByTier(this.dataSource.manager, eventId);
  }
}
