import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { Role } from '../../platform/auth/roles';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { RefundExecutor } from '../payments/refund-executor.service';
import { PaymentsService } from '../payments/payments.service';
import { MemberRole } from '../../access/member-role';
import { AccessService } from '../../access/access.service';
import { Ticket, TicketStatus, TicketVoidReason } from '../tickets/ticket.entity';
import { TicketsService } from '../tickets/tickets.service';
import { RefundOrderDto } from './dto/refund-order.dto';
import { bookRefund } from './order-refund';
import { ResaleSales } from './resale-sales.port';
import { CodeStockService } from '../../inventory/code-stock.service';
import { InventoryService } from '../../inventory/inventory.service';
import { loadOrderContext, OrderContext } from './order-context';
import { OrderStatus, PAID_STATUSES } from './order-status';
import { Order } from './order.entity';
import { InvoicesService } from '../invoices/invoices.service';
import type { Invoice } from '../invoices/invoice.entity';
import { splitTax } from '../taxes/tax-math';

interface RefundPlan {
  orderId: string;
  ticketIds?: string[];
  force: boolean;
  reason: TicketVoidReason;
  actorId: string | null;
  meta?: RequestMeta;
}

/** A provider idempotency key from what is refunded, so any retry of the same refund is the same refund. */
function refundKey(orderId: string, ticketIds: string[]): string {
  const digest = createHash('sha256')
    .update([...ticketIds].sort().join(','))
    .digest('hex');
  return `refund-${orderId}-${digest.slice(0, 24)}`;
}

/**
 * Refunds, whole or by ticket. One transaction holds the order row (so two refunds of one order take turns),
 * voids the tickets, puts their units back on sale, moves the order status, records the refund (pending, with an
 * idempotency key derived from the ticket ids), the audit entry and the email. The provider is called only once
 * that has committed (RefundExecutor), so no row lock waits on the provider; the key makes any retry of the
 * call, by the request or by the refund sweep, refund nothing twice.
 *
 * A ticket's refund is what it cost: its unit price less the code's discount on it, with its tax (booking fees
 * stay with a partial refund; the refund that leaves no ticket gives back whatever of the total is left). On an
 * invoiced order that is the total of the refund's credit note, issued in the same transaction. The refund that
 * leaves the order wholly refunded also gives its code's use back; a partial one does not.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly inventory: InventoryService,
    private readonly codeStock: CodeStockService,
    private readonly payments: PaymentsService,
    private readonly executor: RefundExecutor,
    private readonly tickets: TicketsService,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly resale: ResaleSales,
    private readonly events: DomainEvents,
    private readonly invoices: InvoicesService,
  ) {}

  /** `POST /orders/{id}/refunds`: promoter managers and owners, and admins (who alone may `force`). */
  async refundByStaff(actor: AuthUser, orderId: string, dto: RefundOrderDto, meta: RequestMeta) {
    const order = await this.dataSource.manager.findOne(Order, { where: { id: orderId } });
    if (!order) throw DomainError.notFound('Order', orderId);
    const promoterId = (await this.access.promoterOfEvent(order.eventId, { includeDeleted: true }))!;
    const role = await this.access.roleIn(actor, promoterId);
    if (!role && order.buyerId === actor.id) {
      throw new DomainError('FORBIDDEN', 'Refunds are made by the event organiser; contact them');
    }
    await this.access.requireMember(actor, promoterId, MemberRole.Manager, {
      notFound: { entity: 'Order', id: orderId },
    });
    if (dto.force && actor.role !== Role.Admin) {
      throw new DomainError('FORBIDDEN', 'Only an admin may refund checked-in tickets (force)');
    }
    return this.execute({
      orderId,
      ticketIds: dto.ticketIds,
      force: dto.force ?? false,
      reason: TicketVoidReason.Refunded,
      actorId: actor.id,
      meta,
    });
  }

  /**
   * GDPR erasure (privacy/): the buyer's own tickets for events still to come are voided and refunded, like a
   * refund by the organiser, before their personal data goes.
   */
  async refundForErasure(orderId: string, ticketIds: string[], actorId: string | null, meta?: RequestMeta) {
    return this.execute({
      orderId,
      ticketIds,
      force: false,
      reason: TicketVoidReason.Refunded,
      actorId,
      meta,
    });
  }

  /** The event-cancellation job: a full refund of whatever is left, checked-in tickets included. */
  async refundForCancelledEvent(orderId: string): Promise<OrderContext | null> {
    const order = await this.dataSource.manager.findOne(Order, { where: { id: orderId } });
    if (!order || !PAID_STATUSES.includes(order.status)) return null;
    return this.execute({ orderId, force: true, reason: TicketVoidReason.EventCancelled, actorId: null });
  }

  /** The refund transaction, then the provider call for what it recorded. */
  private async execute(plan: RefundPlan): Promise<OrderContext> {
    const { context, refundId } = await this.refundInTransaction(plan);
    if (refundId) await this.executor.settle([refundId]);
    return context;
  }

  private async refundInTransaction(
    plan: RefundPlan,
  ): Promise<{ context: OrderContext; refundId: string | null }> {
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.setLockTimeout(manager);
      const order = await manager.findOne(Order, {
        where: { id: plan.orderId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!order) throw DomainError.notFound('Order', plan.orderId);
      if (!PAID_STATUSES.includes(order.status)) {
        throw new DomainError('ORDER_NOT_PAID', `A ${order.status} order cannot be refunded`, {
          status: order.status,
        });
      }
      const all = await this.tickets.lockOrderTickets(manager, order.id);
      const targets = this.targets(all, plan);
      const live = all.filter((t) => t.status !== TicketStatus.Void);
      const full = targets.length === live.length;
      const context = (await loadOrderContext(manager, order.id))!;
      const credit = await this.invoices.planCredit(manager, order.id, targets, full);
      const amount =
        credit?.total ?? (full ? order.total - order.refundedAmount : this.priceOf(targets, context));
      const ticketIds = targets.map((t) => t.id);
      const refundId = await this.payments.recordOrderRefund(manager, {
        order,
        amount,
        key: refundKey(order.id, ticketIds),
        ticketIds,
      });
      const now = this.clock.now();
      await this.tickets.void(manager, ticketIds, plan.reason, now);
      const status = await bookRefund(manager, order, amount, full);
      // The credit note's number before the tier locks, as in fulfilment (counters, then tiers, then codes).
      const note = credit && (await this.invoices.issueCreditNote(manager, credit, ticketIds, now));
      await this.record(manager, context, plan, { amount, ticketIds, from: order.status, to: status }, note);
      // A ticket offered for resale has its unit back on sale already: its listing ends, its unit stays.
      const listed = targets.filter((t) => t.listedForResaleAt !== null);
      await this.resale.cancel(
        manager,
        listed.map((t) => t.id),
      );
      // The units of tickets never used go back on sale; the tier locks come last, as everywhere.
      const unused = targets.filter((t) => t.status === TicketStatus.Valid && t.listedForResaleAt === null);
      await this.inventory.lockTiers(
        manager,
        unused.map((t) => t.tierId),
      );
      await this.inventory.move(
        manager,
        unused.map((t) => ({ tierId: t.tierId, held: 0, sold: -1 })),
      );
      // After the tiers, as everywhere.
      if (status === OrderStatus.Refunded) {
        await this.codeStock.lockAndMove(manager, order.promoCodeId, { held: 0, used: -1 });
      }
      await this.events.emit(manager, 'OrderRefunded', {
        orderId: order.id,
        eventId: order.eventId,
        buyerId: order.buyerId,
        amount,
        currency: order.currency,
        ticketIds,
        reason: plan.reason === TicketVoidReason.EventCancelled ? 'event_cancelled' : 'refund',
      });
      return {
        context: {
          ...context,
          order: { ...context.order, status, refundedAmount: order.refundedAmount + amount },
        },
        refundId,
      };
    });
  }

  /** The tickets to refund: the named ones (each of this order and not void), or every live one. */
  private targets(all: Ticket[], plan: RefundPlan): Ticket[] {
    const live = all.filter((t) => t.status !== TicketStatus.Void);
    let targets = live;
    if (plan.ticketIds) {
      const byId = new Map(all.map((t) => [t.id, t]));
      targets = plan.ticketIds.map((id) => {
        const ticket = byId.get(id);
        if (!ticket) throw DomainError.notFound('Ticket', id);
        if (ticket.status === TicketStatus.Void) {
          throw new DomainError('TICKET_VOID', 'This ticket is already void', {
            ticketId: id,
            reason: ticket.voidReason,
          });
        }
        return ticket;
      });
    }
    if (targets.length === 0)
      throw new DomainError('ORDER_NOT_PAID', 'Nothing is left to refund on this order');
    const checkedIn = targets.filter((t) => t.status === TicketStatus.CheckedIn);
    if (checkedIn.length > 0 && !plan.force) {
      throw new DomainError(
        'TICKET_ALREADY_CHECKED_IN',
        'Checked-in tickets can only be refunded by an admin with force',
        { ticketIds: checkedIn.map((t) => t.id) },
      );
    }
    return targets;
  }

  /**
   * What some tickets cost on an order without an invoice (paid before invoices existed): each tier's units taxed
   * like its line (`splitTax`), so tax added on top is refunded too.
   */
  private priceOf(tickets: Ticket[], context: OrderContext): number {
    return context.items.reduce((sum, i) => {
      const units = tickets.filter((t) => t.tierId === i.tierId).length;
      return sum + splitTax(units * (i.unitPrice - i.unitDiscount), i.taxRateBps, i.taxMode).gross;
    }, 0);
  }

  private async record(
    manager: EntityManager,
    context: OrderContext,
    plan: RefundPlan,
    change: { amount: number; ticketIds: string[]; from: OrderStatus; to: OrderStatus },
    note: Pick<Invoice, 'id' | 'number'> | null,
  ): Promise<void> {
    const { order, buyer, event } = context;
    const cancelled = plan.reason === TicketVoidReason.EventCancelled;
    await this.audit.record(manager, {
      actorId: plan.actorId,
      action: cancelled ? 'order.refunded_event_cancelled' : 'order.refunded',
      entityType: 'order',
      entityId: order.id,
      meta: plan.meta,
      before: { status: change.from, refundedAmount: order.refundedAmount },
      after: {
        status: change.to,
        amount: change.amount,
        ticketIds: change.ticketIds,
        force: plan.force,
        ...(note ? { creditNote: note.number } : {}),
      },
    });
    // The credit note's PDF goes with the email, drawn when it is sent.
    const attachments = note
      ? [
          {
            filename: `${note.number}.pdf`,
            type: 'application/pdf',
            invoiceId: note.id,
            disposition: 'attachment' as const,
          },
        ]
      : [];
    const common = { name: buyer.name, eventTitle: event.title, orderId: order.id, currency: order.currency };
    if (cancelled) {
      await this.notifications.enqueue(manager, {
        to: buyer.email,
        template: 'event-cancelled',
        data: {
          ...common,
          amount: change.amount,
          startsAt: event.startsAt,
          timezone: event.timezone,
          ...(note ? { creditNoteNumber: note.number } : {}),
        },
        attachments,
        dedupeKey: `event-cancelled:${order.id}`,
      });
      return;
    }
    await this.notifications.enqueue(manager, {
      to: buyer.email,
      template: 'refund-issued',
      data: {
        ...common,
        amount: change.amount,
        ticketCount: change.ticketIds.length,
        reason: 'refund',
        ...(note ? { creditNoteNumber: note.number } : {}),
      },
      attachments,
    });
  }
}
