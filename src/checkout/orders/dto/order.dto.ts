import { ApiProperty } from '@nestjs/swagger';
import { EventSummaryDto } from '../../../catalog/events/dto/event-summary.dto';
import { TierSummaryDto } from '../../../catalog/tiers/dto/tier-summary.dto';
import { ApiInteger, ApiMinorUnits, ApiUuid } from '../../../platform/http/api-types';
import type { Summaries } from '../../read-query';
import { Order } from '../order.entity';
import { OrderItem } from '../order-item.entity';
import { OrderStatus } from '../order-status';
import { OrderAttendeesDto } from '../../attendees/dto/attendees.dto';
import { TaxMode } from '../../../catalog/tiers/tax-mode';
import { BillingDetailsDto } from './billing-details.dto';

export class OrderItemDto {
  @ApiUuid()
  tierId: string;
  /** The tier's name when ordered. */
  tierName: string;
  @ApiInteger({ example: 2 })
  quantity: number;
  /** Copied from the tier when the hold was made. */
  @ApiMinorUnits({ example: 4500 })
  unitPrice: number;
  /** Taken off each unit by the order's code (what each ticket costs is `unitPrice - unitDiscount`). */
  @ApiMinorUnits({ example: 450 })
  unitDiscount: number;
  /** `quantity × unitPrice`, before the discount. */
  @ApiMinorUnits({ example: 9000 })
  lineTotal: number;
  /** `quantity × unitDiscount`: this line's share of the order's discount. */
  @ApiMinorUnits({ example: 900 })
  discount: number;
  /** The tier's tax rate (basis points) when ordered. */
  @ApiInteger({ example: 2000 })
  taxRateBps: number;
  /** `inclusive`: the price includes the tax; `exclusive`: the tax was added on top. */
  @ApiProperty({ enum: TaxMode, enumName: 'TaxMode' })
  taxMode: TaxMode;
  /** The line after its discount, without tax. */
  @ApiMinorUnits({ example: 6750 })
  net: number;
  /** The line's tax, computed once on the line and rounded half up. */
  @ApiMinorUnits({ example: 1350 })
  tax: number;
  /** `net + tax`: what the line costs the buyer. */
  @ApiMinorUnits({ example: 8100 })
  gross: number;
  /** With `expand=tier`. */
  tier?: TierSummaryDto;

  static from(item: OrderItem, summaries?: Summaries): OrderItemDto {
    const tier = summaries?.tiers.get(item.tierId);
    return {
      tierId: item.tierId,
      tierName: item.tierName,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      unitDiscount: item.unitDiscount,
      lineTotal: item.quantity * item.unitPrice,
      discount: item.quantity * item.unitDiscount,
      taxRateBps: item.taxRateBps,
      taxMode: item.taxMode,
      net: item.net,
      tax: item.tax,
      gross: item.gross,
      ...(tier ? { tier } : {}),
    };
  }
}

/** `stripe` or `test` (the labelled stand-in used without Stripe keys); `none` for a free order. */
export enum PaymentProviderKind {
  Stripe = 'stripe',
  Test = 'test',
  None = 'none',
}

export class OrderPaymentDto {
  @ApiProperty({
    enum: PaymentProviderKind,
    enumName: 'PaymentProvider',
    example: PaymentProviderKind.Stripe,
  })
  provider: string;
  /** The provider's payment id (a Stripe PaymentIntent id). */
  reference?: string;
  /** For the buyer's client only, while the order is pending: confirm the payment with Stripe.js. */
  clientSecret?: string;
}

export class OrderDto {
  @ApiUuid()
  id: string;
  @ApiUuid()
  eventId: string;
  @ApiUuid()
  buyerId: string;
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus', example: OrderStatus.Pending })
  status: OrderStatus;
  @ApiProperty({ type: [OrderItemDto] })
  items: OrderItemDto[];
  /** The sum of the lines at their unit prices, before the discount. */
  @ApiMinorUnits({ example: 9000 })
  subtotal: number;
  /** Taken off by the order's code: the sum of the lines' discounts. */
  @ApiMinorUnits({ example: 900 })
  discount: number;
  /** The sum of the lines' `net`: the tickets without tax. */
  @ApiMinorUnits({ example: 6750 })
  net: number;
  /** The sum of the lines' `tax`. */
  @ApiMinorUnits({ example: 1350 })
  tax: number;
  /** `net + tax`: the tickets, tax included. */
  @ApiMinorUnits({ example: 8100 })
  gross: number;
  /** The booking fee, on `subtotal - discount` (not taxed). */
  @ApiMinorUnits({ example: 203 })
  fees: number;
  /** `gross + fees`: what the buyer pays. */
  @ApiMinorUnits({ example: 8303 })
  total: number;
  /** Who the invoice is made out to, when the buyer gave it; null otherwise (the buyer's own name). */
  @ApiProperty({ type: BillingDetailsDto, nullable: true })
  billingDetails: BillingDetailsDto | null;
  /** The code the order was placed with (upper case), or null. */
  @ApiProperty({ type: String, nullable: true, example: 'SUMMER10' })
  code: string | null;
  /** Refunded so far. */
  @ApiMinorUnits({ example: 0 })
  refundedAmount: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  /** While pending: when the hold ends unless paid. */
  expiresAt: Date;
  paidAt: Date | null;
  createdAt: Date;
  /** The last change of any kind (what `updatedSince` compares). */
  updatedAt: Date;
  payment: OrderPaymentDto;
  /** With `expand=event`. */
  event?: EventSummaryDto;
  /** Attendee details and answers: in the answers about one order (not in lists). */
  attendees?: OrderAttendeesDto;

  /** `withSecret`: only the buyer gets the client secret, and only while the order can still be paid. */
  static from(order: Order, items: OrderItem[], withSecret = false, summaries?: Summaries): OrderDto {
    const payment: OrderPaymentDto = { provider: order.paymentProvider ?? PaymentProviderKind.None };
    if (order.paymentReference) payment.reference = order.paymentReference;
    if (withSecret && order.status === OrderStatus.Pending && order.paymentClientSecret) {
      payment.clientSecret = order.paymentClientSecret;
    }
    const event = summaries?.events.get(order.eventId);
    return {
      id: order.id,
      eventId: order.eventId,
      buyerId: order.buyerId,
      status: order.status,
      items: items.map((item) => OrderItemDto.from(item, summaries)),
      subtotal: order.subtotal,
      discount: order.discount,
      net: order.net,
      tax: order.tax,
      gross: order.net + order.tax,
      fees: order.fees,
      total: order.total,
      refundedAmount: order.refundedAmount,
      currency: order.currency,
      code: order.code,
      billingDetails: order.billingDetails ?? null,
      expiresAt: order.expiresAt,
      paidAt: order.paidAt,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      payment,
      ...(event ? { event } : {}),
    };
  }
}
