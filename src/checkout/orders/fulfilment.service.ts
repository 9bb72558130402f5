import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { EventStatus } from '../../catalog/events/event-status';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { ProviderPayment } from '../payments/payment-provider';
import { PaymentStatus } from '../payments/payment.entity';
import { PaymentsService } from '../payments/payments.service';
import { TicketTier } from '../../catalog/tiers/ticket-tier.entity';
import { Ticket } from '../tickets/ticket.entity';
import { TicketsService } from '../tickets/tickets.service';
import { CodeStockService, usesLeft } from '../../inventory/code-stock.service';
import { availableUnits, InventoryService } from '../../inventory/inventory.service';
import { withDrafts } from '../attendees/attendee-requirements';
import { AttendeeRulesService } from '../attendees/attendee-rules.service';
import { RefundExecutor } from '../payments/refund-executor.service';
import { loadOrderContext, OrderContext } from './order-context';
import { ORDER_STATES, OrderStatus, PAID_STATUSES } from './order-status';
import { Order } from './order.entity';
import { ResaleSales, ResoldTicket } from './resale-sales.port';
import { InvoicesService } from '../invoices/invoices.service';
import type { Invoice } from '../invoices/invoice.entity';

/** What a fulfilment attempt did. */
export type FulfilmentOutcome = 'fulfilled' | 'already-done' | 'refunded' | 'mismatch';

/** A free order, paid at once with no provider. */
export const FREE_PAYMENT = 'free' as const;

/**
 * Another transaction took the units (or the code's last use) between the unlocked look and the lock; decide
 * again.
 */
class LateUnitsGone extends Error {}

/**
 * Turns a succeeded payment into tickets, exactly once. The order row is locked first, so the webhook and
 * `POST /orders/{id}/confirm` (or two deliveries of one webhook) take turns and the second finds the order paid.
 * A payment that arrives after its hold ended re-takes the units when they are free, and is refunded otherwise.
 * The tickets take the attendee details given while the order was pending; if required ones are missing (the
 * buyer paid with a client secret from before the promoter asked for them), the money was taken, so the tickets
 * are issued anyway, with the buyer's name and email standing in, and the order is flagged.
 */
@Injectable()
export class FulfilmentService {
  private readonly logger = new Logger(FulfilmentService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly inventory: InventoryService,
    private readonly codeStock: CodeStockService,
    private readonly attendeeRules: AttendeeRulesService,
    private readonly executor: RefundExecutor,
    private readonly payments: PaymentsService,
    private readonly tickets: TicketsService,
    private readonly resale: ResaleSales,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly events: DomainEvents,
    private readonly invoices: InvoicesService,
  ) {}

  async fulfil(
    orderId: string,
    payment: ProviderPayment | typeof FREE_PAYMENT,
    actorId: string | null,
  ): Promise<FulfilmentOutcome> {
    const before = await loadOrderContext(this.dataSource.manager, orderId);
    if (
      !before ||
      PAID_STATUSES.includes(before.order.status) ||
      before.order.status === OrderStatus.Refunded
    ) {
      return 'already-done';
    }
    // Signing is CPU work: done here, before the order row is locked, and thrown away if another delivery
    // wins the race.
    const tickets = this.tickets.prepare({
      orderId,
      eventId: before.order.eventId,
      holderId: before.order.buyerId,
      attendee: { name: before.buyer.name, email: before.buyer.email },
      items: before.items,
    });
    let result: { outcome: FulfilmentOutcome; refundIds?: string[] };
    try {
      result = await this.attempt(orderId, payment, actorId, tickets, false);
    } catch (err) {
      if (!(err instanceof LateUnitsGone)) throw err;
      result = await this.attempt(orderId, payment, actorId, tickets, true);
    }
    // Refunds (a late payment's money, resold tickets' sellers) go out only now that they are committed.
    if (result.refundIds?.length) await this.executor.settle(result.refundIds);
    return result.outcome;
  }

  private attempt(
    orderId: string,
    payment: ProviderPayment | typeof FREE_PAYMENT,
    actorId: string | null,
    tickets: Ticket[],
    refundIfLate: boolean,
  ): Promise<{ outcome: FulfilmentOutcome; refundIds?: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.setLockTimeout(manager);
      const order = await manager.findOne(Order, {
        where: { id: orderId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!order || PAID_STATUSES.includes(order.status) || order.status === OrderStatus.Refunded) {
        return { outcome: 'already-done' };
      }
      if (
        payment !== FREE_PAYMENT &&
        (payment.amount !== order.total || payment.currency !== order.currency)
      ) {
        this.logger.error({ orderId, payment }, 'payment amount does not match the order; not fulfilled');
        return { outcome: 'mismatch' };
      }
      const context = (await loadOrderContext(manager, orderId))!;
      const eventCancelled = (await this.eventStatus(manager, order.eventId)) === EventStatus.Cancelled;
      const late = order.status !== OrderStatus.Pending;
      if (eventCancelled || (late && (refundIfLate || !(await this.unitsFree(manager, context))))) {
        const refundId = await this.refundLatePayment(manager, context, eventCancelled);
        // A pending hold whose event was cancelled before the money came: its units and code use leave `held`.
        if (!late) {
          await this.inventory.release(manager, context.items);
          await this.codeStock.lockAndMove(manager, order.promoCodeId, { held: -1, used: 0 });
        }
        await this.events.emit(manager, 'OrderRefunded', {
          orderId,
          eventId: order.eventId,
          buyerId: order.buyerId,
          amount: order.total,
          currency: order.currency,
          ticketIds: [],
          reason: eventCancelled ? 'event_cancelled' : 'late_payment',
        });
        return { outcome: 'refunded', refundIds: refundId ? [refundId] : [] };
      }
      await this.markPaid(manager, context, payment, actorId, tickets);
      // Units that came back through a resale listing: the oldest listings are settled by this sale (row locks
      // on the sellers' orders and tickets come before the tier locks, as in every refund).
      // The invoice number (its counter row stays locked until commit) before any tier lock: a payment that waits
      // for its promoter's counter holds no tier, so holds never queue behind invoicing.
      const now = this.clock.now();
      const invoice = await this.invoices.issueInvoice(manager, context, now);
      const { refundIds, resold } = await this.resale.settle(manager, { orderId, items: context.items });
      await this.creditResold(manager, resold, now);
      await this.takeUnits(manager, context, order.status);
      await this.sendConfirmation(manager, context, tickets, invoice);
      // Last, after the tier locks, like every emit whose handlers lock per-user rows (docs/architecture.md).
      await this.events.emit(manager, 'OrderPaid', {
        orderId,
        eventId: order.eventId,
        buyerId: order.buyerId,
        late,
      });
      return { outcome: 'fulfilled', refundIds };
    });
  }

  private async markPaid(
    manager: EntityManager,
    context: OrderContext,
    payment: ProviderPayment | typeof FREE_PAYMENT,
    actorId: string | null,
    issued: Ticket[],
  ): Promise<void> {
    const { order } = context;
    const now = this.clock.now();
    ORDER_STATES.assert(order.status, OrderStatus.Paid);
    // The drafts as they are now that the order row is locked (an edit may have landed since the signing).
    const missing = await this.attendeeRules.missingBeforePayment(manager, order, context.items);
    withDrafts(issued, order.attendeeDrafts, context.buyer);
    await manager.update(
      Order,
      { id: order.id, status: order.status },
      {
        status: OrderStatus.Paid,
        paidAt: now,
        attendeeDrafts: [],
        paidWithMissingAttendeeDetails: missing.length > 0,
      },
    );
    if (payment !== FREE_PAYMENT) await this.payments.markCharge(manager, order.id, PaymentStatus.Succeeded);
    await this.tickets.insert(manager, issued);
    await this.audit.record(manager, {
      actorId,
      action: order.status === OrderStatus.Pending ? 'order.paid' : 'order.paid_late',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: {
        status: OrderStatus.Paid,
        tickets: issued.length,
        total: order.total,
        ...(missing.length > 0 ? { missingAttendeeDetails: missing } : {}),
      },
    });
  }

  /**
   * Units move `held` → `sold`, and the code's use `held` → `used`; a late payment (its hold was already
   * released) takes them straight from what is free, if they still are.
   */
  private async takeUnits(manager: EntityManager, context: OrderContext, from: OrderStatus): Promise<void> {
    const late = from !== OrderStatus.Pending;
    const codeId = context.order.promoCodeId;
    await this.inventory.lockTiers(
      manager,
      context.items.map((i) => i.tierId),
    );
    if (late && !(await this.unitsFree(manager, context))) throw new LateUnitsGone();
    const codes = await this.codeStock.lock(manager, codeId ? [codeId] : []);
    if (late && codeId && usesLeft(codes.get(codeId)!) === 0) throw new LateUnitsGone();
    await this.inventory.move(
      manager,
      context.items.map((i) => ({ tierId: i.tierId, held: late ? 0 : -i.quantity, sold: i.quantity })),
    );
    if (codeId) await this.codeStock.move(manager, [{ codeId, held: late ? 0 : -1, used: 1 }]);
  }

  /** Whether every item's units are available right now (an unlocked look; takeUnits checks again locked). */
  private async unitsFree(manager: EntityManager, context: OrderContext): Promise<boolean> {
    const tiers = await manager.find(TicketTier, {
      where: { id: In(context.items.map((i) => i.tierId)) },
      withDeleted: true,
    });
    const byId = new Map(tiers.map((t) => [t.id, t]));
    return context.items.every((i) => {
      const tier = byId.get(i.tierId);
      return tier !== undefined && tier.deletedAt === null && availableUnits(tier) >= i.quantity;
    });
  }

  /** The money came after the hold ended and the units are gone (or the event was cancelled): send it back. */
  private async refundLatePayment(
    manager: EntityManager,
    context: OrderContext,
    eventCancelled: boolean,
  ): Promise<string | null> {
    const { order, buyer, event } = context;
    const now = this.clock.now();
    ORDER_STATES.assert(order.status, OrderStatus.Refunded);
    await this.payments.markCharge(manager, order.id, PaymentStatus.Succeeded);
    const refundId = await this.payments.recordOrderRefund(manager, {
      order,
      amount: order.total,
      key: `order-${order.id}-late-payment`,
      ticketIds: [],
    });
    await manager.update(
      Order,
      { id: order.id, status: order.status },
      { status: OrderStatus.Refunded, refundedAmount: order.total, closedAt: order.closedAt ?? now },
    );
    await this.audit.record(manager, {
      actorId: null,
      action: 'order.late_payment_refunded',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: OrderStatus.Refunded, amount: order.total, eventCancelled },
    });
    await this.notifications.enqueue(manager, {
      to: buyer.email,
      template: 'refund-issued',
      data: {
        name: buyer.name,
        eventTitle: event.title,
        orderId: order.id,
        amount: order.total,
        currency: order.currency,
        ticketCount: 0,
        reason: eventCancelled ? 'event_cancelled' : 'late_payment',
      },
      dedupeKey: `late-payment-refund:${order.id}`,
    });
    return refundId;
  }

  /** A credit note on each resold ticket's invoice, for what its seller gets back (the resale fee is kept). */
  private async creditResold(manager: EntityManager, resold: ResoldTicket[], now: Date): Promise<void> {
    for (const r of resold) {
      const credit = await this.invoices.planCredit(manager, r.orderId, [r], false, r.amount);
      if (credit) await this.invoices.issueCreditNote(manager, credit, [r.ticketId], now);
    }
  }

  /** The confirmation with each ticket's QR code inline and the invoice's PDF attached (drawn at send time). */
  private async sendConfirmation(
    manager: EntityManager,
    context: OrderContext,
    issued: Ticket[],
    invoice: Invoice,
  ) {
    const { order, buyer, event } = context;
    const names = new Map(context.items.map((i) => [i.tierId, i.tierName]));
    await this.notifications.enqueue(manager, {
      to: buyer.email,
      template: 'order-confirmation',
      data: {
        name: buyer.name,
        orderId: order.id,
        eventTitle: event.title,
        startsAt: event.startsAt,
        timezone: event.timezone,
        venueName: event.venueName,
        total: order.total,
        tax: order.tax,
        currency: order.currency,
        invoiceNumber: invoice.number,
        ticketsUrl: `${this.config.publicUrl}/tickets`,
        tickets: issued.map((ticket) => ({
          id: ticket.id,
          tierName: names.get(ticket.tierId) ?? '',
          attendeeName: ticket.attendeeName,
          qrContentId: `ticket-${ticket.id}`,
        })),
      },
      attachments: [
        ...issued.map((ticket) => ({
          filename: `ticket-${ticket.id}.png`,
          type: 'image/png',
          qrText: ticket.code,
          contentId: `ticket-${ticket.id}`,
          disposition: 'inline' as const,
        })),
        {
          filename: `${invoice.number}.pdf`,
          type: 'application/pdf',
          invoiceId: invoice.id,
          disposition: 'attachment' as const,
        },
      ],
      dedupeKey: `order-confirmation:${order.id}`,
    });
  }

  private async eventStatus(manager: EntityManager, eventId: string): Promise<EventStatus> {
    const rows = (await manager.query(`SELECT status FROM events WHERE id = $1`, [eventId])) as Array<{
      status: EventStatus;
    }>;
    return rows[0].status;
  }
}
