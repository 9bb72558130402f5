import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEventMap } from '../platform/events/domain-events';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';

/**
 * The waiting room's sell-out: the buyers who opted in join the waitlist in their queue order, in the
 * sell-out's transaction, for the tier's minimum per order. `seq` is taken in the order of the insert, so they
 * line up behind anyone already waiting in exactly that order. A buyer already on that tier's waitlist keeps
 * the entry they have.
 */
@Injectable()
export class WaitlistQueueJoins {
  private readonly logger = new Logger(WaitlistQueueJoins.name);

  @OnDomainEvent('QueueSoldOut', 'in-transaction')
  async joinFromQueue(
    { eventId, waitlist }: DomainEventMap['QueueSoldOut'],
    manager: EntityManager,
  ): Promise<void> {
    if (waitlist.length === 0) return;
    const rows = (await manager.query(
      `INSERT INTO waitlist_entries (event_id, tier_id, user_id, quantity)
       SELECT $1, v.tier_id, v.user_id, t.min_per_order
         FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS v(tier_id, user_id, ord)
         JOIN ticket_tiers t ON t.id = v.tier_id AND t.event_id = $1
        ORDER BY v.ord
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [eventId, waitlist.map((w) => w.tierId), waitlist.map((w) => w.userId)],
    )) as Array<{ id: string }>;
    this.logger.log(
      { eventId, joined: rows.length, optedIn: waitlist.length },
      'queue sold out: waitlist joined',
    );
  }
}
