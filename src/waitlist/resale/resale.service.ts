import { unitGross } from '../../checkout/taxes/tax-math';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { afterSaleOpen } from '../../catalog/events/after-sale';
import { Event } from '../../catalog/events/event.entity';
import { Order } from '../../checkout/orders/order.entity';
import { bookRefund } from '../../checkout/orders/order-refund';
import { PAID_STATUSES } from '../../checkout/orders/order-status';
import {
  PaidUnits,
  ResaleSales,
  ResaleSettlement,
  ResoldTicket,
} from '../../checkout/orders/resale-sales.port';
import { PaymentsService } from '../../checkout/payments/payments.service';
import { Ticket, TicketVoidReason } from '../../checkout/tickets/ticket.entity';
import { assertTransferable } from '../../checkout/tickets/ticket-rules';
import { TicketsService } from '../../checkout/tickets/tickets.service';
import { availableUnits, InventoryService } from '../../inventory/inventory.service';
import { ResaleDto } from './dto/resale.dto';
import { resalePayout } from './resale-payout';
import { liveTickets, oldestListing, unitPrice } from './resale.queries';
import { RESALE_STATES, ResaleStatus } from './resale-status';
import { TicketResale } from './ticket-resale.entity';

const toDto = (r: TicketResale): ResaleDto => ({
  id: r.id,
  ticketId: r.ticketId,
  eventId: r.eventId,
  tierId: r.tierId,
  status: r.status,
  facePrice: r.facePrice,
  currency: r.currency,
  feeBps: r.feeBps,
  expectedPayout: resalePayout(r.facePrice, r.facePrice, r.feeBps).amount,
  refundAmount: r.refundAmount,
  listedAt: r.listedAt,
  closedAt: r.closedAt,
});

/**
 * Face-value resale through the waitlist. Listing a ticket gives its unit back to the tier (`sold` - 1) with the
 * same inventory move as any freed unit, so `UnitsFreed` offers it to the next waitlisted buyer in the same
 * transaction (reserved for them), and otherwise the public buys it at the tier's price: never more than face
 * value, because it is sold like any other unit. The seller keeps a valid ticket until then, whose code admits
 * nobody while listed. When a paid order of the tier is fulfilled, `settle` (checkout's `ResaleSales` port)
 * ends the oldest listing in the fulfilment transaction: the seller's ticket is voided, the refund recorded with
 * an idempotency key per listing (so the seller is refunded once, however often fulfilment runs) and sent after
 * commit. Every change of a listing holds its seller's order row, then the ticket, then the listing, then the
 * tiers: the order of every refund.
 */
@Injectable()
export class ResaleService extends ResaleSales {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly inventory: InventoryService,
    private readonly tickets: TicketsService,
    private readonly payments: PaymentsService,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
  ) {
    super();
  }

  /** `POST /tickets/{id}/resale`: the holder who paid for the ticket offers it. */
  async list(user: AuthUser, ticketId: string, meta: RequestMeta): Promise<ResaleDto> {
    return this.dataSource.transaction(async (manager) => {
      const { order, ticket } = await this.lockOwn(manager, user, ticketId);
      assertTransferable(ticket);
      const event = await manager.findOneOrFail(Event, { where: { id: ticket.eventId }, withDeleted: true });
      if (!afterSaleOpen(event, 'resale', this.clock.now())) {
        throw new DomainError('RESALE_CLOSED', 'Tickets of this event can no longer be resold', {
          resaleEnabled: event.resaleEnabled,
          cutoffMinutes: event.transferCutoffMinutes,
        });
      }
      const now = this.clock.now();
      const listing = await manager.save(
        manager.create(TicketResale, {
          ticketId,
          eventId: ticket.eventId,
          tierId: ticket.tierId,
          sellerId: user.id,
          sellerOrderId: order.id,
          status: ResaleStatus.Listed,
          facePrice: await unitPrice(manager, order.id, ticket.tierId),
          currency: order.currency,
          feeBps: event.resaleFeeBps,
          listedAt: now,
          buyerOrderId: null,
          refundAmount: null,
          closedAt: null,
        }),
      );
      await manager.update(Ticket, { id: ticketId }, { listedForResaleAt: now });
      // The unit goes back on sale the way freed units do: the waitlist is offered it in this transaction.
      await this.inventory.lockTiers(manager, [ticket.tierId]);
      await this.inventory.move(manager, [{ tierId: ticket.tierId, held: 0, sold: -1 }]);
      await this.record(manager, user.id, 'ticket.listed_for_resale', listing, meta);
      return toDto(listing);
    });
  }

  /**
   * `DELETE /tickets/{id}/resale`: the seller takes the ticket back while it is unsold. The unit is taken off
   * sale again, which needs a free unit on the tier: while a buyer holds one (a waitlist offer or a pending
   * order), 409 RESALE_RESERVED.
   */
  async withdraw(user: AuthUser, ticketId: string, meta: RequestMeta): Promise<ResaleDto> {
    return this.dataSource.transaction(async (manager) => {
      const { ticket } = await this.lockOwn(manager, user, ticketId);
      const listing = await manager.findOne(TicketResale, {
        where: { ticketId, status: ResaleStatus.Listed },
        lock: { mode: 'pessimistic_write' },
      });
      if (!listing) {
        throw new DomainError('RESALE_NOT_ACTIVE', 'This ticket is not listed for resale', {
          ticketStatus: ticket.status,
        });
      }
      const stock = (await this.inventory.lockTiers(manager, [ticket.tierId])).get(ticket.tierId)!;
      if (availableUnits(stock) < 1) {
        throw new DomainError('RESALE_RESERVED', 'A buyer holds this unit right now; try again later', {
          tierId: ticket.tierId,
        });
      }
      await this.inventory.move(manager, [{ tierId: ticket.tierId, held: 0, sold: 1 }]);
      await manager.update(Ticket, { id: ticketId }, { listedForResaleAt: null });
      this.close(listing, ResaleStatus.Withdrawn);
      await manager.update(
        TicketResale,
        { id: listing.id },
        { status: listing.status, closedAt: listing.closedAt },
      );
      await this.record(manager, user.id, 'ticket.resale_withdrawn', listing, meta);
      return toDto(listing);
    });
  }

  async settle(manager: EntityManager, paid: PaidUnits): Promise<ResaleSettlement> {
    const settlement: ResaleSettlement = { refundIds: [], resold: [] };
    for (const item of paid.items) {
      const skip: string[] = [];
      for (let settled = 0; settled < item.quantity;) {
        const candidate = await oldestListing(manager, item.tierId, skip);
        if (!candidate) break;
        skip.push(candidate.id);
        const price = unitGross(item);
        const outcome = await this.settleOne(manager, candidate, paid.orderId, price);
        if (outcome === false) continue;
        settled++;
        if (outcome.refundId) settlement.refundIds.push(outcome.refundId);
        settlement.resold.push(outcome.resold);
      }
    }
    return settlement;
  }

  async cancel(manager: EntityManager, ticketIds: string[]): Promise<void> {
    if (ticketIds.length === 0) return;
    await manager.update(
      TicketResale,
      { ticketId: In(ticketIds), status: ResaleStatus.Listed },
      { status: ResaleStatus.Cancelled, closedAt: this.clock.now() },
    );
  }

  /**
   * Settles one listing for the buyer's order: false when another transaction ended it between the look and the
   * locks (the caller takes the next), else the refund id to send after commit (null: nothing to send) and the
   * ticket resold.
   */
  private async settleOne(
    manager: EntityManager,
    candidate: { id: string; seller_order_id: string },
    buyerOrderId: string,
    buyerPrice: number,
  ): Promise<{ refundId: string | null; resold: ResoldTicket } | false> {
    const order = await manager.findOne(Order, {
      where: { id: candidate.seller_order_id },
      lock: { mode: 'pessimistic_write' },
    });
    const listing = await manager.findOne(TicketResale, {
      where: { id: candidate.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!order || !listing || listing.status !== ResaleStatus.Listed) return false;
    const ticket = (await manager.findOne(Ticket, {
      where: { id: listing.ticketId },
      lock: { mode: 'pessimistic_write' },
    }))!;
    const now = this.clock.now();
    const payout = resalePayout(listing.facePrice, buyerPrice, listing.feeBps);
    await this.tickets.void(manager, [ticket.id], TicketVoidReason.Resold, now);
    const refundId = await this.payments.recordOrderRefund(manager, {
      order,
      amount: payout.amount,
      key: `resale-${listing.id}`,
      ticketIds: [ticket.id],
    });
    await bookRefund(manager, order, payout.amount, (await liveTickets(manager, order.id)) === 0);
    this.close(listing, ResaleStatus.Sold);
    Object.assign(listing, { buyerOrderId, refundAmount: payout.amount });
    await manager.update(
      TicketResale,
      { id: listing.id },
      { status: listing.status, closedAt: listing.closedAt, buyerOrderId, refundAmount: payout.amount },
    );
    await this.record(manager, null, 'ticket.resold', listing);
    await this.notifySeller(manager, listing, ticket, payout);
    return {
      refundId,
      resold: { orderId: order.id, ticketId: ticket.id, tierId: ticket.tierId, amount: payout.amount },
    };
  }

  /** The seller's order and the ticket, locked in that order; 404 unless the caller holds it, 409 unless they paid for it. */
  private async lockOwn(
    manager: EntityManager,
    user: AuthUser,
    ticketId: string,
  ): Promise<{ order: Order; ticket: Ticket }> {
    await this.inventory.setLockTimeout(manager);
    const found = await manager.findOne(Ticket, { where: { id: ticketId } });
    if (!found || found.holderId !== user.id) throw DomainError.notFound('Ticket', ticketId);
    const order = (await manager.findOne(Order, {
      where: { id: found.orderId },
      lock: { mode: 'pessimistic_write' },
    }))!;
    const ticket = (await manager.findOne(Ticket, {
      where: { id: ticketId },
      lock: { mode: 'pessimistic_write' },
    }))!;
    if (order.buyerId !== user.id || !PAID_STATUSES.includes(order.status)) {
      throw new DomainError('RESALE_NOT_ALLOWED', 'Only the buyer who paid for this ticket can resell it', {
        orderStatus: order.status,
      });
    }
    return { order, ticket };
  }

  private close(listing: TicketResale, to: ResaleStatus): void {
    RESALE_STATES.assert(listing.status, to);
    Object.assign(listing, { status: to, closedAt: this.clock.now() });
  }

  private async record(
    manager: EntityManager,
    actorId: string | null,
    action: string,
    listing: TicketResale,
    meta?: RequestMeta,
  ): Promise<void> {
    await this.audit.record(manager, {
      actorId,
      action,
      entityType: 'ticket',
      entityId: listing.ticketId,
      meta,
      after: {
        resaleId: listing.id,
        status: listing.status,
        facePrice: listing.facePrice,
        feeBps: listing.feeBps,
        buyerOrderId: listing.buyerOrderId,
        refundAmount: listing.refundAmount,
      },
    });
  }

  private async notifySeller(
    manager: EntityManager,
    listing: TicketResale,
    ticket: Ticket,
    payout: { amount: number; fee: number },
  ): Promise<void> {
    const [row] = (await manager.query(
      `SELECT u.email, u.name, e.title, e.starts_at, e.timezone, t.name AS tier_name
         FROM users u, events e, ticket_tiers t
        WHERE u.id = $1 AND e.id = $2 AND t.id = $3`,
      [listing.sellerId, listing.eventId, listing.tierId],
    )) as Array<{
      email: string;
      name: string;
      title: string;
      starts_at: Date;
      timezone: string;
      tier_name: string;
    }>;
    await this.notifications.enqueue(manager, {
      to: row.email,
      template: 'resale-sold',
      data: {
        name: row.name,
        eventTitle: row.title,
        startsAt: row.starts_at,
        timezone: row.timezone,
        tierName: row.tier_name,
        orderId: listing.sellerOrderId,
        amount: payout.amount,
        fee: payout.fee,
        currency: listing.currency,
      },
      dedupeKey: `resale-sold:${listing.id}:${ticket.id}`,
    });
  }
}
