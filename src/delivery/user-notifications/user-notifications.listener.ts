import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { UserNotificationsService } from './user-notifications.service';

interface OrderFacts {
  event_title: string;
  total: number;
  currency: string;
  tickets: number;
}

const orderFacts = async (m: EntityManager, orderId: string): Promise<OrderFacts> =>
  (
    (await m.query(
      `SELECT e.title AS event_title, o.total, o.currency,
            (SELECT count(*)::int FROM tickets t WHERE t.order_id = o.id AND t.status <> 'void') AS tickets
       FROM orders o JOIN events e ON e.id = o.event_id WHERE o.id = $1`,
      [orderId],
    )) as OrderFacts[]
  )[0];

/**
 * What the signed-in user hears about live: their order paid, money sent back, a waitlist offer, and their
 * event cancelled or moved. Written in the transaction of each change, after its inventory locks.
 */
@Injectable()
export class UserNotificationsListener {
  constructor(private readonly notifications: UserNotificationsService) {}

  @OnDomainEvent('OrderPaid', 'in-transaction')
  async orderPaid(
    { orderId, eventId, buyerId }: DomainEventMap['OrderPaid'],
    m: EntityManager,
  ): Promise<void> {
    const facts = await orderFacts(m, orderId);
    await this.notifications.notify(m, [buyerId], 'order.paid', {
      orderId,
      eventId,
      eventTitle: facts.event_title,
      total: facts.total,
      currency: facts.currency,
      ticketCount: facts.tickets,
    });
  }

  /** A cancelled event's refund tells its buyer the event is off; any other refund is a refund. */
  @OnDomainEvent('OrderRefunded', 'in-transaction')
  async orderRefunded(e: DomainEventMap['OrderRefunded'], m: EntityManager): Promise<void> {
    const facts = await orderFacts(m, e.orderId);
    if (e.reason === 'event_cancelled') {
      await this.eventCancelled(m, e.buyerId, e.orderId, e.eventId, facts.event_title, e.amount, e.currency);
      return;
    }
    await this.notifications.notify(m, [e.buyerId], 'refund.issued', {
      orderId: e.orderId,
      eventId: e.eventId,
      eventTitle: facts.event_title,
      amount: e.amount,
      currency: e.currency,
      ticketCount: e.ticketIds.length,
      reason: e.reason,
    });
  }

  /** A hold released because its event was cancelled: nothing was paid, but the buyer should know. */
  @OnDomainEvent('OrderCancelled', 'in-transaction')
  async orderCancelled(e: DomainEventMap['OrderCancelled'], m: EntityManager): Promise<void> {
    if (e.reason !== 'event_cancelled') return;
    const facts = await orderFacts(m, e.orderId);
    await this.eventCancelled(m, e.buyerId, e.orderId, e.eventId, facts.event_title, 0, facts.currency);
  }

  @OnDomainEvent('WaitlistOffered', 'in-transaction')
  async waitlistOffered(e: DomainEventMap['WaitlistOffered'], m: EntityManager): Promise<void> {
    const [row] = (await m.query(
      `SELECT e.title AS event_title, t.name AS tier_name FROM events e, ticket_tiers t
        WHERE e.id = $1 AND t.id = $2`,
      [e.eventId, e.tierId],
    )) as Array<{ event_title: string; tier_name: string }>;
    await this.notifications.notify(m, [e.userId], 'waitlist.offered', {
      entryId: e.entryId,
      eventId: e.eventId,
      eventTitle: row.event_title,
      tierId: e.tierId,
      tierName: row.tier_name,
      quantity: e.quantity,
      offerExpiresAt: e.offerExpiresAt.toISOString(),
    });
  }

  /** Everyone holding a ticket of the event hears that it moved. */
  @OnDomainEvent('EventRescheduled', 'in-transaction')
  async eventRescheduled(e: DomainEventMap['EventRescheduled'], m: EntityManager): Promise<void> {
    const holders = (await m.query(
      `SELECT DISTINCT o.buyer_id, ev.title, ev.timezone FROM orders o JOIN events ev ON ev.id = o.event_id
        WHERE o.event_id = $1 AND o.status IN ('paid', 'partially_refunded')`,
      [e.eventId],
    )) as Array<{ buyer_id: string; title: string; timezone: string }>;
    if (holders.length === 0) return;
    await this.notifications.notify(
      m,
      holders.map((h) => h.buyer_id),
      'event.rescheduled',
      {
        eventId: e.eventId,
        eventTitle: holders[0].title,
        startsAt: e.startsAt.toISOString(),
        previousStartsAt: e.previousStartsAt.toISOString(),
        timezone: holders[0].timezone,
      },
    );
  }

  /**
   * Both sides of an accepted transfer hear of it. Their counters are locked in id order, like a fan-out, so two
   * transfers between the same two people in opposite directions cannot deadlock.
   */
  @OnDomainEvent('TicketTransferred', 'in-transaction')
  async ticketTransferred(e: DomainEventMap['TicketTransferred'], m: EntityManager): Promise<void> {
    const [row] = (await m.query(
      `SELECT ev.title AS event_title, tt.name AS tier_name,
              (SELECT name FROM users WHERE id = $3) AS from_name, (SELECT name FROM users WHERE id = $4) AS to_name
         FROM tickets t JOIN events ev ON ev.id = t.event_id JOIN ticket_tiers tt ON tt.id = t.tier_id
        WHERE t.id = $1 AND ev.id = $2`,
      [e.newTicketId, e.eventId, e.fromUserId, e.toUserId],
    )) as Array<{ event_title: string; tier_name: string; from_name: string; to_name: string }>;
    const facts = {
      transferId: e.transferId,
      eventId: e.eventId,
      eventTitle: row.event_title,
      tierName: row.tier_name,
    };
    const sides = [
      () =>
        this.notifications.notify(m, [e.toUserId], 'ticket.received', {
          ...facts,
          ticketId: e.newTicketId,
          fromName: row.from_name,
        }),
      () =>
        this.notifications.notify(m, [e.fromUserId], 'ticket.transferred', {
          ...facts,
          ticketId: e.ticketId,
          toName: row.to_name,
        }),
    ];
    if (e.fromUserId < e.toUserId) sides.reverse();
    for (const side of sides) await side();
  }

  private eventCancelled(
    m: EntityManager,
    buyerId: string,
    orderId: string,
    eventId: string,
    eventTitle: string,
    refundAmount: number,
    currency: string,
  ): Promise<void> {
    return this.notifications.notify(m, [buyerId], 'event.cancelled', {
      eventId,
      eventTitle,
      orderId,
      refundAmount,
      currency,
    });
  }
}
