import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { Sweep } from '../../platform/jobs/job.decorators';
import { QueueIndex } from './queue-index';
import {
  admissionLoad,
  admitNext,
  availableUnits,
  eventsWithQueues,
  lapseAdmissions,
  markSoldOut,
  QueueEventRow,
  waitingRanks,
} from './queue.queries';

interface TickResult {
  lapsed: number;
  admitted: string[];
  soldOut: string[];
  lastMinute: number;
}

/**
 * The admission tick of every open waiting room (`@Sweep`, so one worker instance at a time behind its advisory
 * lock, on a timer that an emptied Redis cannot stop). Per event, in one transaction:
 * 1. admitted tokens past their expiry lapse, which frees their slots;
 * 2. with no unit left to buy (or the sales over), every waiting entry is told `sold_out`, and `QueueSoldOut`
 *    hands the opted-in ones to the waitlist in queue order;
 * 3. otherwise the next entries in rank order are admitted: never more outstanding tokens than units available
 *    plus QUEUE_ADMISSION_MARGIN, at most `admitPerMinute` in any 60 seconds, spread over the ticks
 *    (QUEUE_TICK_SECONDS apart).
 * Before any of that, a Redis index without its marker (a flush) is rebuilt from Postgres. The counts all come
 * from Postgres, so a flushed Redis can never make it admit everyone.
 */
@Injectable()
export class QueueAdmissionsService {
  private readonly logger = new Logger(QueueAdmissionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly index: QueueIndex,
    private readonly events: DomainEvents,
  ) {}

  @Sweep({ name: 'waiting-room', everySeconds: (config) => config.queue.tickSeconds })
  async tick(now: Date = this.clock.now()): Promise<number> {
    let handled = 0;
    for (const event of await eventsWithQueues(this.dataSource.manager, now)) {
      const result = await this.tickEvent(event, now);
      handled += result.admitted.length + result.soldOut.length + result.lapsed;
    }
    return handled;
  }

  private async tickEvent(event: QueueEventRow, now: Date): Promise<TickResult> {
    if (!(await this.index.isIndexed(event.id))) {
      const waiting = await waitingRanks(this.dataSource.manager, event.id);
      await this.index.rebuild(event.id, waiting);
      this.logger.log({ eventId: event.id, waiting: waiting.length }, 'queue index rebuilt from Postgres');
    }
    if (now < (event.sales_start_at ?? event.published_at)) {
      return { lapsed: 0, admitted: [], soldOut: [], lastMinute: 0 };
    }
    const result = await this.dataSource.transaction((tx) => this.meter(tx, event, now));
    await this.index.remove(event.id, [...result.admitted, ...result.soldOut]);
    if (result.soldOut.length > 0) await this.index.clear(event.id);
    else await this.index.setRate(event.id, result.lastMinute);
    if (result.admitted.length + result.soldOut.length + result.lapsed > 0) {
      await this.index.announce(event.id);
      this.logger.log(
        {
          eventId: event.id,
          admitted: result.admitted.length,
          lapsed: result.lapsed,
          soldOut: result.soldOut.length,
        },
        'queue tick',
      );
    }
    return result;
  }

  private async meter(tx: EntityManager, event: QueueEventRow, now: Date): Promise<TickResult> {
    const lapsed = (await lapseAdmissions(tx, event.id, now)).length;
    const salesOver = now >= (event.sales_end_at ?? event.ends_at);
    const available = salesOver ? 0 : await availableUnits(tx, event.id, now);
    if (available === 0) {
      const soldOut = await markSoldOut(tx, event.id, now);
      if (soldOut.length > 0) {
        await this.events.emit(tx, 'QueueSoldOut', {
          eventId: event.id,
          waitlist: soldOut
            .filter((e) => e.waitlist_tier_id !== null)
            .map((e) => ({ entryId: e.id, userId: e.user_id, tierId: e.waitlist_tier_id! })),
        });
      }
      return { lapsed, admitted: [], soldOut: soldOut.map((e) => e.id), lastMinute: 0 };
    }
    const load = await admissionLoad(tx, event.id, now);
    const perMinute = event.queue_admit_per_minute;
    let budget = available + this.config.queue.admissionMargin - load.outstanding;
    if (perMinute !== null) {
      const perTick = Math.ceil((perMinute * this.config.queue.tickSeconds) / 60);
      budget = Math.min(budget, perMinute - load.lastMinute, perTick);
    }
    const expiresAt = new Date(now.getTime() + event.queue_token_ttl_seconds * 1000);
    const admitted = await admitNext(tx, event.id, budget, now, expiresAt);
    return {
      lapsed,
      admitted: admitted.map((a) => a.id),
      soldOut: [],
      lastMinute: load.lastMinute + admitted.length,
    };
  }
}
