import { randomUUID } from 'node:crypto';
import { CodeTerms, unitDiscount } from '../../catalog/codes/code-rules';
import { OrderItem } from './order-item.entity';
import { TaxMode } from '../../catalog/tiers/tax-mode';
import { splitTax, sumSplits } from '../taxes/tax-math';
import { OrderStatus } from './order-status';
import { Order } from './order.entity';

export interface PlanLine {
  tier: { id: string; name: string; price: number; taxRateBps: number; taxMode: TaxMode };
  quantity: number;
}

/** Everything decided before the transaction, so the transaction only writes, locks, checks and commits. */
export interface HoldPlan {
  order: Order;
  items: OrderItem[];
  lines: PlanLine[];
  /** Attendee details or answers must be given before the payment starts (see OrdersService.place). */
  attendeesRequired: boolean;
  /** The waiting-room entry whose admission token this hold uses (events with a waiting room). */
  admissionEntryId?: string;
}

export interface HoldPlanInput {
  /** Given when the id must be derived from an Idempotency-Key (`idempotentId`); random otherwise. */
  orderId?: string;
  buyerId: string;
  event: { id: string; currency: string };
  lines: PlanLine[];
  /** The code the order carries (checked already), or none. */
  code?:
    (Pick<CodeTerms, 'id' | 'kind' | 'discountBps' | 'discountAmount' | 'tierIds'> & { code: string }) | null;
  attendeesRequired?: boolean;
  now: Date;
  holdTtlSeconds: number;
  bookingFeeBps: number;
}

/**
 * A pending order for `lines` at each tier's current price, less the code's discount per unit, taxed per line
 * at the tier's rate and mode (`splitTax`, rounded half up once per line), plus the booking fee on the price after
 * the discount (rounded half up; the fee is not taxed). The order copies the unit prices, discounts, tax rates
 * and modes, so a later change of a tier or a code never alters it. Used by `POST /orders` and by waitlist claims.
 */
export function buildHoldPlan(input: HoldPlanInput): HoldPlan {
  const id = input.orderId ?? randomUUID();
  const code = input.code ?? null;
  const items = input.lines.map((l) => {
    const off = unitDiscount(code, l.tier.id, l.tier.price);
    return Object.assign(new OrderItem(), {
      id: randomUUID(),
      orderId: id,
      tierId: l.tier.id,
      tierName: l.tier.name,
      quantity: l.quantity,
      unitPrice: l.tier.price,
      unitDiscount: off,
      taxRateBps: l.tier.taxRateBps,
      taxMode: l.tier.taxMode,
      ...splitTax(l.quantity * (l.tier.price - off), l.tier.taxRateBps, l.tier.taxMode),
    });
  });
  const subtotal = items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0);
  const discount = items.reduce((sum, i) => sum + i.quantity * i.unitDiscount, 0);
  const { net, tax, gross } = sumSplits(items);
  const fees = Math.round(((subtotal - discount) * input.bookingFeeBps) / 10_000);
  const order = Object.assign(new Order(), {
    id,
    buyerId: input.buyerId,
    eventId: input.event.id,
    status: OrderStatus.Pending,
    subtotal,
    discount,
    net,
    tax,
    fees,
    total: gross + fees,
    billingDetails: null,
    currency: input.event.currency,
    promoCodeId: code?.id ?? null,
    code: code?.code ?? null,
    expiresAt: new Date(input.now.getTime() + input.holdTtlSeconds * 1000),
    refundedAmount: 0,
    paidAt: null,
    closedAt: null,
    paymentProvider: null,
    paymentReference: null,
    paymentClientSecret: null,
    attendeeDrafts: [],
    paidWithMissingAttendeeDetails: false,
    createdAt: input.now,
    updatedAt: input.now,
  });
  return { order, items, lines: input.lines, attendeesRequired: input.attendeesRequired ?? false };
}
