import { randomUUID } from 'node:crypto';
import { OrderItem } from './order-item.entity';
import { OrderStatus } from './order-status';
import { Order } from './order.entity';

export interface PlanLine {
  tier: { id: string; name: string; price: number };
  quantity: number;
}

/** Everything decided before the transaction, so the transaction only writes, locks, checks and commits. */
export interface HoldPlan {
  order: Order;
  items: OrderItem[];
  lines: PlanLine[];
}

export interface HoldPlanInput {
  /** Given when the id must be derived from an Idempotency-Key (`idempotentId`); random otherwise. */
  orderId?: string;
  buyerId: string;
  event: { id: string; currency: string };
  lines: PlanLine[];
  now: Date;
  holdTtlSeconds: number;
  bookingFeeBps: number;
}

/**
 * A pending order for `lines` at each tier's current price, plus the booking fee. The order copies the unit
 * prices, so a later price change never alters it. Used by `POST /orders` and by waitlist claims.
 */
export function buildHoldPlan(input: HoldPlanInput): HoldPlan {
  const id = input.orderId ?? randomUUID();
  const subtotal = input.lines.reduce((sum, l) => sum + l.quantity * l.tier.price, 0);
  const fees = Math.round((subtotal * input.bookingFeeBps) / 10_000);
  const order = Object.assign(new Order(), {
    id,
    buyerId: input.buyerId,
    eventId: input.event.id,
    status: OrderStatus.Pending,
    subtotal,
    fees,
    total: subtotal + fees,
    currency: input.event.currency,
    expiresAt: new Date(input.now.getTime() + input.holdTtlSeconds * 1000),
    refundedAmount: 0,
    paidAt: null,
    closedAt: null,
    paymentProvider: null,
    paymentReference: null,
    paymentClientSecret: null,
    createdAt: input.now,
    updatedAt: input.now,
  });
  const items = input.lines.map((l) =>
    Object.assign(new OrderItem(), {
      id: randomUUID(),
      orderId: id,
      tierId: l.tier.id,
      tierName: l.tier.name,
      quantity: l.quantity,
      unitPrice: l.tier.price,
    }),
  );
  return { order, items, lines: input.lines };
}
