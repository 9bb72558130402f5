import { EntityManager } from 'typeorm';
import { OrderItem } from './order-item.entity';
import { Order } from './order.entity';

/** An order with what its emails and audit entries need: the buyer and the event. */
export interface OrderContext {
  order: Order;
  items: OrderItem[];
  buyer: { id: string; email: string; name: string };
  event: {
    id: string;
    title: string;
    startsAt: Date;
    timezone: string;
    venueName: string;
    promoterId: string;
  };
}

interface ContextRow {
  buyer_email: string;
  buyer_name: string;
  title: string;
  starts_at: Date;
  timezone: string;
  venue_name: string;
  promoter_id: string;
}

/** Loads an order with its items, buyer and event (soft-deleted events included: orders outlive them). */
export async function loadOrderContext(
  manager: EntityManager,
  orderId: string,
): Promise<OrderContext | null> {
  const order = await manager.findOne(Order, { where: { id: orderId } });
  if (!order) return null;
  const items = await manager.find(OrderItem, { where: { orderId }, order: { tierId: 'ASC' } });
  const rows = (await manager.query(
    `SELECT u.email AS buyer_email, u.name AS buyer_name, e.title, e.starts_at, e.timezone, e.venue_name,
              e.promoter_id
         FROM users u, events e
        WHERE u.id = $1 AND e.id = $2`,
    [order.buyerId, order.eventId],
  )) as ContextRow[];
  const row = rows[0];
  return {
    order,
    items,
    buyer: { id: order.buyerId, email: row.buyer_email, name: row.buyer_name },
    event: {
      id: order.eventId,
      title: row.title,
      startsAt: row.starts_at,
      timezone: row.timezone,
      venueName: row.venue_name,
      promoterId: row.promoter_id,
    },
  };
}
