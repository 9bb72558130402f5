import { ApiProperty } from '@nestjs/swagger';
import { Order } from '../order.entity';
import { OrderItem } from '../order-item.entity';
import { OrderStatus } from '../order-status';

export class OrderItemDto {
  tierId: string;
  /** The tier's name when ordered. */
  tierName: string;
  @ApiProperty({ example: 2 })
  quantity: number;
  /** Minor units, copied from the tier when the hold was made. */
  @ApiProperty({ example: 4500 })
  unitPrice: number;
  @ApiProperty({ example: 9000 })
  lineTotal: number;

  static from(item: OrderItem): OrderItemDto {
    return {
      tierId: item.tierId,
      tierName: item.tierName,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      lineTotal: item.quantity * item.unitPrice,
    };
  }
}

export class OrderPaymentDto {
  /** `stripe`, `test`, or `none` for a free order. */
  @ApiProperty({ example: 'stripe' })
  provider: string;
  /** The provider's payment id (a Stripe PaymentIntent id). */
  reference?: string;
  /** For the buyer's client only, while the order is pending: confirm the payment with Stripe.js. */
  clientSecret?: string;
}

export class OrderDto {
  id: string;
  eventId: string;
  buyerId: string;
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus', example: OrderStatus.Pending })
  status: OrderStatus;
  @ApiProperty({ type: [OrderItemDto] })
  items: OrderItemDto[];
  /** Minor units. */
  @ApiProperty({ example: 9000 })
  subtotal: number;
  /** The booking fee, minor units. */
  @ApiProperty({ example: 225 })
  fees: number;
  @ApiProperty({ example: 9225 })
  total: number;
  /** Minor units refunded so far. */
  @ApiProperty({ example: 0 })
  refundedAmount: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  /** While pending: when the hold ends unless paid. */
  expiresAt: Date;
  paidAt: Date | null;
  createdAt: Date;
  payment: OrderPaymentDto;

  /** `withSecret`: only the buyer gets the client secret, and only while the order can still be paid. */
  static from(order: Order, items: OrderItem[], withSecret = false): OrderDto {
    const payment: OrderPaymentDto = { provider: order.paymentProvider ?? 'none' };
    if (order.paymentReference) payment.reference = order.paymentReference;
    if (withSecret && order.status === OrderStatus.Pending && order.paymentClientSecret) {
      payment.clientSecret = order.paymentClientSecret;
    }
    return {
      id: order.id,
      eventId: order.eventId,
      buyerId: order.buyerId,
      status: order.status,
      items: items.map(OrderItemDto.from),
      subtotal: order.subtotal,
      fees: order.fees,
      total: order.total,
      refundedAmount: order.refundedAmount,
      currency: order.currency,
      expiresAt: order.expiresAt,
      paidAt: order.paidAt,
      createdAt: order.createdAt,
      payment,
    };
  }
}
