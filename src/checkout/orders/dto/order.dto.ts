import { ApiProperty } from '@nestjs/swagger';
import { EventSummaryDto } from '../../../catalog/events/dto/event-summary.dto';
import { TierSummaryDto } from '../../../catalog/tiers/dto/tier-summary.dto';
import { ApiInteger, ApiMinorUnits, ApiUuid } from '../../../platform/http/api-types';
import type { Summaries } from '../../read-query';
import { Order } from '../order.entity';
import { OrderItem } from '../order-item.entity';
import { OrderStatus } from '../order-status';

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
  @ApiMinorUnits({ example: 9000 })
  lineTotal: number;
  /** With `expand=tier`. */
  tier?: TierSummaryDto;

  static from(item: OrderItem, summaries?: Summaries): OrderItemDto {
    const tier = summaries?.tiers.get(item.tierId);
    return {
      tierId: item.tierId,
      tierName: item.tierName,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      lineTotal: item.quantity * item.unitPrice,
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
  @ApiMinorUnits({ example: 9000 })
  subtotal: number;
  /** The booking fee. */
  @ApiMinorUnits({ example: 225 })
  fees: number;
  @ApiMinorUnits({ example: 9225 })
  total: number;
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
      fees: order.fees,
      total: order.total,
      refundedAmount: order.refundedAmount,
      currency: order.currency,
      expiresAt: order.expiresAt,
      paidAt: order.paidAt,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      payment,
      ...(event ? { event } : {}),
    };
  }
}
