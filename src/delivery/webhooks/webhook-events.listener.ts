import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import {
  eventPayload,
  orderPayload,
  peoplePayload,
  ticketPayload,
  tierPayloads,
  waitlistOfferPayload,
} from './webhook-payloads';
import { WebhookOutbox } from './webhook-outbox.service';

/**
 * Turns domain events into webhook messages, inside the transaction of the change: the delivery rows commit
 * (or roll back) with it. The payload is read in that transaction too, so it shows what the change committed.
 */
@Injectable()
export class WebhookEventsListener {
  constructor(private readonly outbox: WebhookOutbox) {}

  @OnDomainEvent('OrderPaid', 'in-transaction')
  async orderPaid({ orderId, eventId }: DomainEventMap['OrderPaid'], m: EntityManager): Promise<void> {
    await this.outbox.publish(m, 'order.paid', { eventId }, async () => ({
      order: await orderPayload(m, orderId),
    }));
  }

  @OnDomainEvent('OrderRefunded', 'in-transaction')
  async orderRefunded(e: DomainEventMap['OrderRefunded'], m: EntityManager): Promise<void> {
    await this.outbox.publish(m, 'order.refunded', { eventId: e.eventId }, async () => ({
      order: await orderPayload(m, e.orderId),
      refund: { amount: e.amount, currency: e.currency, ticketIds: e.ticketIds, reason: e.reason },
    }));
  }

  @OnDomainEvent('OrderCancelled', 'in-transaction')
  async orderCancelled(e: DomainEventMap['OrderCancelled'], m: EntityManager): Promise<void> {
    await this.outbox.publish(m, 'order.cancelled', { eventId: e.eventId }, async () => ({
      order: await orderPayload(m, e.orderId),
      reason: e.reason,
    }));
  }

  @OnDomainEvent('TicketCheckedIn', 'in-transaction')
  async ticketCheckedIn(e: DomainEventMap['TicketCheckedIn'], m: EntityManager): Promise<void> {
    await this.outbox.publish(m, 'ticket.checked_in', { eventId: e.eventId }, async () => ({
      ticket: await ticketPayload(m, e.ticketId),
    }));
  }

  @OnDomainEvent('TicketTransferred', 'in-transaction')
  async ticketTransferred(e: DomainEventMap['TicketTransferred'], m: EntityManager): Promise<void> {
    await this.outbox.publish(m, 'ticket.transferred', { eventId: e.eventId }, async () => {
      const people = await peoplePayload(m, [e.fromUserId, e.toUserId]);
      return {
        transferId: e.transferId,
        ticket: await ticketPayload(m, e.newTicketId),
        previousTicketId: e.ticketId,
        from: people.get(e.fromUserId)!,
        to: people.get(e.toUserId)!,
      };
    });
  }

  /** One message per tier: each is its own fact, and endpoints filter by promoter anyway. */
  @OnDomainEvent('TierSoldOut', 'in-transaction')
  async tierSoldOut({ tierIds }: DomainEventMap['TierSoldOut'], m: EntityManager): Promise<void> {
    for (const tier of await tierPayloads(m, tierIds)) {
      await this.outbox.publish(m, 'tier.sold_out', { promoterId: tier.promoterId }, () =>
        Promise.resolve({ tier }),
      );
    }
  }

  @OnDomainEvent('EventPublished', 'in-transaction')
  async eventPublished({ eventId }: DomainEventMap['EventPublished'], m: EntityManager): Promise<void> {
    await this.outbox.publish(m, 'event.published', { eventId }, async () => ({
      event: await eventPayload(m, eventId),
    }));
  }

  @OnDomainEvent('EventCancelled', 'in-transaction')
  async eventCancelled({ eventId }: DomainEventMap['EventCancelled'], m: EntityManager): Promise<void> {
    await this.outbox.publish(m, 'event.cancelled', { eventId }, async () => ({
      event: await eventPayload(m, eventId),
    }));
  }

  @OnDomainEvent('WaitlistOffered', 'in-transaction')
  async waitlistOffered(e: DomainEventMap['WaitlistOffered'], m: EntityManager): Promise<void> {
    await this.outbox.publish(m, 'waitlist.offered', { eventId: e.eventId }, async () => ({
      offer: await waitlistOfferPayload(m, e.entryId),
    }));
  }
}
