import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { Role } from '../../platform/auth/roles';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { PageDto, toPage } from '../../platform/http/page';
import { idempotentId } from '../../platform/idempotency/idempotent-id';
import { IDEMPOTENCY_TTL_MS } from '../../platform/idempotency/idempotency.service';
import { MemberRole } from '../../access/member-role';
import { AccessService, runsEvents } from '../../access/access.service';
import { Expandable, loadSummaries, Summaries } from '../read-query';
import { ordersCsv } from './orders-csv';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderQueryDto } from './dto/order-query.dto';
import { OrderDto } from './dto/order.dto';
import { RefundOrderDto } from './dto/refund-order.dto';
import { BillingDetailsDto } from './dto/billing-details.dto';
import { OrderExpiryService } from './order-expiry.service';
import { OrderItem } from './order-item.entity';
import { OrderPaymentsService } from './order-payments.service';
import { OrderPlacementService } from './order-placement.service';
import { Order } from './order.entity';
import { RefundsService } from './refunds.service';
import { normalizeCode } from '../../catalog/codes/code-rules';
import { pendingUnits } from '../attendees/attendee-requirements';
import { UpdateAttendeesDto } from '../attendees/dto/attendees.dto';
import { OrderAttendeesService } from '../attendees/order-attendees.service';
import { OrderStatus } from './order-status';

/**
 * The orders API: placing, reading, confirming, cancelling and refunding. Visibility: a buyer sees their own
 * orders; managers and owners of the event's promoter, and admins, see the event's orders; anyone else gets 404.
 */
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly placement: OrderPlacementService,
    private readonly payments: OrderPaymentsService,
    private readonly expiry: OrderExpiryService,
    private readonly refunds: RefundsService,
    private readonly attendees: OrderAttendeesService,
  ) {}

  /**
   * `POST /orders`. With an Idempotency-Key the order's id derives from it, so a retry after an unknown outcome
   * (a COMMIT whose answer was lost, a 503 after the hold committed) answers the order the first attempt
   * placed, finishing its payment start if that was cut off, and places it only if it does not exist.
   *
   * When the tiers need attendee details or answers before payment, the payment does not start yet: the answer
   * has no client secret and says what is required (`attendees`), and `PUT /orders/{id}/attendees` starts the
   * payment once nothing is missing.
   */
  async place(
    buyer: AuthUser,
    dto: CreateOrderDto,
    idempotencyKey?: string,
    queueToken?: string,
  ): Promise<OrderDto> {
    const orderId = idempotencyKey ? idempotentId('order', buyer.id, idempotencyKey) : undefined;
    const placed = orderId ? await this.placedBefore(buyer, dto, orderId) : null;
    if (placed) return placed;
    const plan = await this.placement.placeHold(buyer, dto, orderId, queueToken);
    if (plan.attendeesRequired) return this.withAttendees(plan.order, plan.items, true);
    const order = await this.payments.start(plan.order, buyer);
    // The hot path: nothing was asked and nothing given yet, so the attendee side needs no reading.
    if (order.status !== OrderStatus.Pending) return this.withAttendees(order, plan.items, true);
    return {
      ...OrderDto.from(order, plan.items, true),
      attendees: {
        required: false,
        complete: true,
        missing: [],
        editableUntil: order.expiresAt,
        paidWithMissingDetails: false,
        units: pendingUnits(plan.items, []).map((u) => ({ ...u, answers: [] })),
      },
    };
  }

  /** `PUT /orders/{id}/attendees`, then the payment start once nothing required is missing. */
  async updateAttendees(
    user: AuthUser,
    orderId: string,
    dto: UpdateAttendeesDto,
    meta: RequestMeta,
  ): Promise<OrderDto> {
    const order = await this.attendees.update(user, orderId, dto.attendees, meta);
    await this.payments.startWhenReady(order, user);
    return this.get(user, orderId);
  }

  /** The order an earlier attempt with the same key committed, or null when there is none. */
  private async placedBefore(
    buyer: AuthUser,
    dto: CreateOrderDto,
    orderId: string,
  ): Promise<OrderDto | null> {
    const order = await this.withClientSecret(orderId);
    if (!order) return null;
    const items = (await this.itemsOf([order.id])).get(order.id) ?? [];
    const wanted = new Map(dto.items.map((i) => [i.tierId, i.quantity]));
    const same =
      order.eventId === dto.eventId &&
      order.code === (dto.code === undefined ? null : normalizeCode(dto.code)) &&
      items.length === wanted.size &&
      items.every((i) => wanted.get(i.tierId) === i.quantity);
    if (!same || order.createdAt.getTime() + IDEMPOTENCY_TTL_MS < this.clock.now().getTime()) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key already placed another order');
    }
    return this.withAttendees(await this.payments.startWhenReady(order, buyer), items, true);
  }

  async get(user: AuthUser, orderId: string, expand?: Expandable[]): Promise<OrderDto> {
    const order = await this.visible(user, orderId);
    return this.toDto(order, user, expand);
  }

  async list(user: AuthUser, query: OrderQueryDto): Promise<PageDto<OrderDto>> {
    const qb = await this.filtered(user, query);
    const [orders, total] = await qb
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    const items = await this.itemsOf(orders.map((o) => o.id));
    const summaries = await loadSummaries(this.dataSource.manager, query.expand, {
      eventIds: orders.map((o) => o.eventId),
      tierIds: [...items.values()].flat().map((i) => i.tierId),
    });
    return toPage(
      orders.map((o) => OrderDto.from(o, items.get(o.id) ?? [], false, summaries)),
      total,
      query,
    );
  }

  /** `GET /orders` with `Accept: text/csv`: every order the list would page through, streamed. */
  async csv(user: AuthUser, query: OrderQueryDto): Promise<Readable> {
    return ordersCsv(this.dataSource.manager, await this.filtered(user, query));
  }

  /** The orders `user` may list with these filters (the list's authorization), unsorted and unpaged. */
  private async filtered(user: AuthUser, query: OrderQueryDto): Promise<SelectQueryBuilder<Order>> {
    const qb = this.dataSource.getRepository(Order).createQueryBuilder('o');
    if (query.eventId) {
      qb.andWhere('o.event_id = :eventId', { eventId: query.eventId });
      if (!runsEvents(await this.access.roleInEvent(user, query.eventId, { includeDeleted: true })))
        qb.andWhere('o.buyer_id = :me', { me: user.id });
    } else if (query.promoterId || user.apiKey) {
      // An API key has no orders of its own: without a filter it lists its promoter's.
      const promoterId = query.promoterId ?? user.apiKey?.promoterId ?? '';
      await this.access.requireMember(user, promoterId, MemberRole.Manager);
      qb.innerJoin('events', 'e', 'e.id = o.event_id').andWhere('e.promoter_id = :promoterId', {
        promoterId,
      });
    } else if (user.role !== Role.Admin) {
      qb.andWhere('o.buyer_id = :me', { me: user.id });
    }
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.updatedSince)
      qb.andWhere('o.updated_at >= :updatedSince', { updatedSince: query.updatedSince });
    return qb;
  }

  async confirm(user: AuthUser, orderId: string): Promise<OrderDto> {
    const order = await this.visible(user, orderId);
    await this.payments.confirm(order, user);
    return this.toDto((await this.dataSource.manager.findOneBy(Order, { id: orderId }))!, user);
  }

  async cancel(user: AuthUser, orderId: string, meta: RequestMeta): Promise<OrderDto> {
    const context = await this.expiry.cancelByBuyer(user, orderId, meta);
    return OrderDto.from(context.order, context.items);
  }

  async refund(user: AuthUser, orderId: string, dto: RefundOrderDto, meta: RequestMeta): Promise<OrderDto> {
    const context = await this.refunds.refundByStaff(user, orderId, dto, meta);
    return OrderDto.from(context.order, context.items);
  }

  /**
   * `PUT /orders/{id}/billing-details`: the buyer only, while the order is pending (the invoice is issued at
   * payment with what is there then). The conditional update waits for a fulfilment holding the row and then
   * finds the order paid, so details never change under an issued invoice.
   */
  async setBillingDetails(user: AuthUser, orderId: string, dto: BillingDetailsDto): Promise<OrderDto> {
    const order = await this.visible(user, orderId);
    if (order.buyerId !== user.id) throw new DomainError('FORBIDDEN', 'Only the buyer gives billing details');
    const billingDetails = { name: dto.name, address: dto.address, taxId: dto.taxId ?? null };
    const result = await this.dataSource.manager.update(
      Order,
      { id: orderId, status: OrderStatus.Pending },
      { billingDetails },
    );
    if (!result.affected) {
      const current = (await this.dataSource.manager.findOneBy(Order, { id: orderId }))!;
      throw new DomainError(
        'BILLING_DETAILS_LOCKED',
        'Billing details can only change while the order is pending',
        {
          status: current.status,
        },
      );
    }
    return this.get(user, orderId);
  }

  /** The order if the caller may see it; 404 otherwise, so ids don't leak. */
  private async visible(user: AuthUser, orderId: string): Promise<Order> {
    const order = await this.withClientSecret(orderId);
    // Buyers see their own; owners, managers and admins their events' (door staff do not see orders).
    const viewer = order && (await this.access.viewerOf(user, order, { staffSee: false }));
    if (!order || !viewer) throw DomainError.notFound('Order', orderId);
    return order;
  }

  private withClientSecret(orderId: string): Promise<Order | null> {
    return this.dataSource
      .getRepository(Order)
      .createQueryBuilder('o')
      .addSelect('o.paymentClientSecret')
      .where('o.id = :orderId', { orderId })
      .getOne();
  }

  private async toDto(order: Order, user: AuthUser, expand?: Expandable[]): Promise<OrderDto> {
    const items = (await this.itemsOf([order.id])).get(order.id) ?? [];
    const summaries = await loadSummaries(this.dataSource.manager, expand, {
      eventIds: [order.eventId],
      tierIds: items.map((i) => i.tierId),
    });
    return this.withAttendees(order, items, order.buyerId === user.id, summaries);
  }

  /** One order's answer: the order with its attendee side. */
  private async withAttendees(
    order: Order,
    items: OrderItem[],
    withSecret: boolean,
    summaries?: Summaries,
  ): Promise<OrderDto> {
    const dto = OrderDto.from(order, items, withSecret, summaries);
    return { ...dto, attendees: await this.attendees.view(order, items) };
  }

  private async itemsOf(orderIds: string[]): Promise<Map<string, OrderItem[]>> {
    const byOrder = new Map<string, OrderItem[]>();
    if (orderIds.length === 0) return byOrder;
    const items = await this.dataSource.manager.find(OrderItem, {
      where: { orderId: In(orderIds) },
      order: { tierName: 'ASC' },
    });
    for (const item of items) byOrder.set(item.orderId, [...(byOrder.get(item.orderId) ?? []), item]);
    return byOrder;
  }
}
