import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../access/access.service';
import type { FieldError } from '../../catalog/events/event-schedule';
import { assertNoFieldErrors } from '../../catalog/events/event-schedule';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { InventoryService } from '../../inventory/inventory.service';
import { OrderItem } from '../orders/order-item.entity';
import { OrderStatus, PAID_STATUSES } from '../orders/order-status';
import { Order } from '../orders/order.entity';
import { TicketDto } from '../tickets/dto/ticket.dto';
import { Ticket, TicketStatus } from '../tickets/ticket.entity';
import { TicketsService } from '../tickets/tickets.service';
import type { AttendeeDraft } from './attendee-draft';
import { parseAnswers, shownAnswers } from './attendee-input';
import {
  AttendeeRules,
  detailsRequired,
  missingDetails,
  pendingUnits,
  ticketUnits,
} from './attendee-requirements';
import { AttendeeRulesService } from './attendee-rules.service';
import { AttendeeDetailsInputDto, AttendeeInputDto, OrderAttendeesDto } from './dto/attendees.dto';

/** What an edit of one unit or ticket sets: omitted (or null) fields stay as they are. */
interface Change {
  name?: string;
  email?: string;
  answers?: AttendeeDraft['answers'];
}

const changeOf = (dto: AttendeeDetailsInputDto, answers: AttendeeDraft['answers'] | undefined): Change => ({
  ...(typeof dto.name === 'string' ? { name: dto.name.trim() } : {}),
  ...(typeof dto.email === 'string' ? { email: dto.email.toLowerCase() } : {}),
  ...(answers !== undefined ? { answers } : {}),
});

/**
 * Attendee details and answers of orders and tickets. While an order is pending its buyer fills in each unit
 * (kept on the order as drafts); once paid, the buyer edits the tickets they still hold, and any holder their own
 * ticket, until the event's cut-off (`attendeeCutoffMinutes` before the start). Every change is audited. The
 * order row is locked for an order's edits, so an edit and the payment's fulfilment take turns.
 */
@Injectable()
export class OrderAttendeesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly rules: AttendeeRulesService,
    private readonly inventory: InventoryService,
    private readonly tickets: TicketsService,
    private readonly audit: AuditService,
  ) {}

  /** The attendee side of an order, for the answers about one order. */
  async view(order: Order, items: OrderItem[]): Promise<OrderAttendeesDto> {
    const manager = this.dataSource.manager;
    const rules = await this.rules.load(
      manager,
      order.eventId,
      items.map((i) => i.tierId),
    );
    const ticketed = PAID_STATUSES.includes(order.status) || order.status === OrderStatus.Refunded;
    const units = ticketed
      ? ticketUnits(await this.heldTickets(manager, order))
      : pendingUnits(items, order.attendeeDrafts);
    const missing = missingDetails(units, rules);
    return {
      required: detailsRequired(
        rules,
        items.map((i) => i.tierId),
      ),
      complete: missing.length === 0,
      missing,
      editableUntil: await this.editableUntil(manager, order),
      paidWithMissingDetails: order.paidWithMissingAttendeeDetails,
      units: units.map((u) => ({ ...u, answers: shownAnswers(u.answers, rules.questions) })),
    };
  }

  /**
   * `PUT /orders/{id}/attendees` by the order's buyer: units of a pending order, or the tickets they hold of a
   * paid one (until the cut-off). Returns the order as it now is.
   */
  async update(
    user: AuthUser,
    orderId: string,
    entries: AttendeeInputDto[],
    meta: RequestMeta,
  ): Promise<Order> {
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.setLockTimeout(manager);
      const order = await manager.findOne(Order, {
        where: { id: orderId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!order || (await this.access.viewerOf(user, order, { staffSee: false })) === null) {
        throw DomainError.notFound('Order', orderId);
      }
      if (order.buyerId !== user.id) {
        throw new DomainError('FORBIDDEN', "Attendee details are given by the order's buyer");
      }
      const items = await manager.find(OrderItem, { where: { orderId } });
      const rules = await this.rules.load(
        manager,
        order.eventId,
        items.map((i) => i.tierId),
      );
      if (order.status === OrderStatus.Pending) {
        await this.updateDrafts(manager, user, order, items, entries, rules, meta);
      } else if (PAID_STATUSES.includes(order.status)) {
        await this.assertEditable(manager, order.eventId);
        await this.updateTickets(manager, user, order, entries, rules, meta);
      } else {
        throw new DomainError('ORDER_NOT_PENDING', `A ${order.status} order's attendees cannot change`, {
          status: order.status,
        });
      }
      return order;
    });
  }

  /** `PUT /tickets/{id}/attendee` by the ticket's holder (whoever it was transferred to), until the cut-off. */
  async updateTicket(
    user: AuthUser,
    ticketId: string,
    dto: AttendeeDetailsInputDto,
    meta: RequestMeta,
  ): Promise<TicketDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.setLockTimeout(manager);
      const ticket = await manager.findOne(Ticket, {
        where: { id: ticketId },
        lock: { mode: 'pessimistic_write' },
      });
      const viewer =
        ticket &&
        (await this.access.viewerOf(
          user,
          { buyerId: ticket.holderId, eventId: ticket.eventId },
          { staffSee: true },
        ));
      if (!ticket || !viewer) throw DomainError.notFound('Ticket', ticketId);
      if (viewer !== 'buyer')
        throw new DomainError('FORBIDDEN', "Attendee details are given by the ticket's holder");
      if (ticket.status === TicketStatus.Void) {
        throw new DomainError('TICKET_VOID', 'This ticket is void', { reason: ticket.voidReason });
      }
      await this.assertEditable(manager, ticket.eventId);
      const rules = await this.rules.load(manager, ticket.eventId, [ticket.tierId]);
      const parsed = dto.answers ? parseAnswers(dto.answers, ticket.tierId, rules.questions, '') : undefined;
      assertNoFieldErrors(parsed?.errors ?? []);
      await this.applyToTicket(manager, user, ticket, changeOf(dto, parsed?.answers), meta);
      return TicketDto.from(ticket);
    });
  }

  private async updateDrafts(
    manager: EntityManager,
    user: AuthUser,
    order: Order,
    items: OrderItem[],
    entries: AttendeeInputDto[],
    rules: AttendeeRules,
    meta: RequestMeta,
  ): Promise<void> {
    const quantities = new Map(items.map((i) => [i.tierId, i.quantity]));
    const errors: FieldError[] = [];
    const drafts = new Map(order.attendeeDrafts.map((d) => [`${d.tierId}:${d.unit}`, d]));
    const changed: AttendeeDraft[] = [];
    entries.forEach((entry, i) => {
      const quantity = entry.tierId ? quantities.get(entry.tierId) : undefined;
      if (typeof entry.ticketId === 'string' || quantity === undefined || typeof entry.unit !== 'number') {
        errors.push({
          field: `attendees.${i}`,
          errors: ['a pending order names each unit by tierId and unit'],
        });
        return;
      }
      if (entry.unit >= quantity) {
        errors.push({ field: `attendees.${i}.unit`, errors: [`this order has ${quantity} of that tier`] });
        return;
      }
      const tierId = entry.tierId!;
      const parsed = entry.answers
        ? parseAnswers(entry.answers, tierId, rules.questions, `attendees.${i}.`)
        : null;
      errors.push(...(parsed?.errors ?? []));
      const key = `${tierId}:${entry.unit}`;
      const before = drafts.get(key) ?? { tierId, unit: entry.unit, name: null, email: null, answers: {} };
      const after = { ...before, ...changeOf(entry, parsed?.answers) };
      drafts.set(key, after);
      changed.push(after);
    });
    assertNoFieldErrors(errors);
    order.attendeeDrafts = [...drafts.values()];
    await manager.update(Order, { id: order.id }, { attendeeDrafts: order.attendeeDrafts });
    await this.audit.record(manager, {
      actorId: user.id,
      action: 'order.attendees_updated',
      entityType: 'order',
      entityId: order.id,
      meta,
      before: null,
      after: { units: changed },
    });
  }

  private async updateTickets(
    manager: EntityManager,
    user: AuthUser,
    order: Order,
    entries: AttendeeInputDto[],
    rules: AttendeeRules,
    meta: RequestMeta,
  ): Promise<void> {
    const held = new Map(
      (await this.tickets.lockOrderTickets(manager, order.id))
        .filter((t) => t.status !== TicketStatus.Void && t.holderId === user.id)
        .map((t) => [t.id, t]),
    );
    const errors: FieldError[] = [];
    const changes: Array<{ ticket: Ticket; change: Change }> = [];
    entries.forEach((entry, i) => {
      const ticket = entry.ticketId ? held.get(entry.ticketId) : undefined;
      if (!ticket || typeof entry.tierId === 'string' || typeof entry.unit === 'number') {
        errors.push({
          field: `attendees.${i}.ticketId`,
          errors: ['a paid order names each unit by the ticketId of a live ticket you hold'],
        });
        return;
      }
      const parsed = entry.answers
        ? parseAnswers(entry.answers, ticket.tierId, rules.questions, `attendees.${i}.`)
        : null;
      errors.push(...(parsed?.errors ?? []));
      changes.push({ ticket, change: changeOf(entry, parsed?.answers) });
    });
    assertNoFieldErrors(errors);
    for (const { ticket, change } of changes) await this.applyToTicket(manager, user, ticket, change, meta);
  }

  private async applyToTicket(
    manager: EntityManager,
    user: AuthUser,
    ticket: Ticket,
    change: Change,
    meta: RequestMeta,
  ): Promise<void> {
    const before = { name: ticket.attendeeName, email: ticket.attendeeEmail, answers: ticket.answers };
    const set = {
      ...(change.name !== undefined ? { attendeeName: change.name } : {}),
      ...(change.email !== undefined ? { attendeeEmail: change.email } : {}),
      ...(change.answers !== undefined ? { answers: change.answers } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await manager.update(Ticket, { id: ticket.id }, set);
    Object.assign(ticket, set, { updatedAt: this.clock.now() });
    await this.audit.record(manager, {
      actorId: user.id,
      action: 'ticket.attendee_updated',
      entityType: 'ticket',
      entityId: ticket.id,
      meta,
      before,
      after: { name: ticket.attendeeName, email: ticket.attendeeEmail, answers: ticket.answers },
    });
  }

  /** The live tickets of the order that its buyer still holds, oldest first (their unit numbers). */
  private heldTickets(manager: EntityManager, order: Order): Promise<Ticket[]> {
    return manager
      .createQueryBuilder(Ticket, 't')
      .where('t.order_id = :orderId AND t.holder_id = :buyerId AND t.status <> :void', {
        orderId: order.id,
        buyerId: order.buyerId,
        void: TicketStatus.Void,
      })
      .orderBy('t.tier_id')
      .addOrderBy('t.created_at')
      .addOrderBy('t.id')
      .getMany();
  }

  private async editableUntil(manager: EntityManager, order: Order): Promise<Date | null> {
    if (order.status === OrderStatus.Pending) return order.expiresAt;
    if (!PAID_STATUSES.includes(order.status)) return null;
    return this.cutoffOf(manager, order.eventId);
  }

  private async cutoffOf(manager: EntityManager, eventId: string): Promise<Date> {
    const [row] = (await manager.query(
      `SELECT starts_at - make_interval(mins => attendee_cutoff_minutes) AS cutoff FROM events WHERE id = $1`,
      [eventId],
    )) as Array<{ cutoff: Date }>;
    return row.cutoff;
  }

  private async assertEditable(manager: EntityManager, eventId: string): Promise<void> {
    const editableUntil = await this.cutoffOf(manager, eventId);
    if (this.clock.now() >= editableUntil) {
      throw new DomainError('ATTENDEE_EDITS_CLOSED', 'Attendee details can no longer change for this event', {
        editableUntil,
      });
    }
  }
}
