import { EntityManager } from 'typeorm';
import { ORDER_STATES, OrderStatus } from './order-status';
import { Order } from './order.entity';

/**
 * Books `amount` as refunded on a paid order whose row the caller holds: `refunded` when none of its tickets is
 * left (`full`), `partially_refunded` otherwise. Returns the new status.
 */
export async function bookRefund(
  manager: EntityManager,
  order: Pick<Order, 'id' | 'status' | 'refundedAmount'>,
  amount: number,
  full: boolean,
): Promise<OrderStatus> {
  const status = full ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
  ORDER_STATES.assert(order.status, status);
  await manager.update(Order, { id: order.id }, { status, refundedAmount: order.refundedAmount + amount });
  return status;
}
