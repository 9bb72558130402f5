import { EntityManager } from 'typeorm';
import {
  WebhookBuyerDto,
  WebhookEventDto,
  WebhookOrderDto,
  WebhookTicketDto,
  WebhookTierDto,
  WebhookWaitlistOfferDto,
} from './dto/webhook-payloads.dto';

/**
 * Reads the objects webhook payloads carry, inside the transaction of the change (so they show the state it
 * commits). Plain SQL over the owning modules' tables, shaped into the documented payload schemas.
 */

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

interface OrderRow {
  id: string;
  event_id: string;
  promoter_id: string;
  status: string;
  buyer_id: string;
  buyer_name: string;
  buyer_email: string;
  subtotal: number;
  fees: number;
  total: number;
  refunded_amount: number;
  currency: string;
  created_at: Date;
  paid_at: Date | null;
  items: Array<{ tierId: string; tierName: string; quantity: number; unitPrice: number }>;
}

export async function orderPayload(manager: EntityManager, orderId: string): Promise<WebhookOrderDto> {
  const [row] = (await manager.query(
    `SELECT o.id, o.event_id, e.promoter_id, o.status, o.buyer_id, u.name AS buyer_name, u.email AS buyer_email,
            o.subtotal, o.fees, o.total, o.refunded_amount, o.currency, o.created_at, o.paid_at,
            (SELECT coalesce(json_agg(json_build_object('tierId', i.tier_id, 'tierName', i.tier_name,
                     'quantity', i.quantity, 'unitPrice', i.unit_price) ORDER BY i.tier_name, i.tier_id), '[]')
               FROM order_items i WHERE i.order_id = o.id) AS items
       FROM orders o JOIN events e ON e.id = o.event_id JOIN users u ON u.id = o.buyer_id
      WHERE o.id = $1`,
    [orderId],
  )) as OrderRow[];
  return {
    id: row.id,
    eventId: row.event_id,
    promoterId: row.promoter_id,
    status: row.status,
    buyer: { id: row.buyer_id, name: row.buyer_name, email: row.buyer_email },
    items: row.items,
    subtotal: row.subtotal,
    fees: row.fees,
    total: row.total,
    refundedAmount: row.refunded_amount,
    currency: row.currency,
    createdAt: row.created_at.toISOString(),
    paidAt: iso(row.paid_at),
  };
}

interface EventRow {
  id: string;
  promoter_id: string;
  title: string;
  slug: string;
  status: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  venue_name: string;
  venue_address: string;
  venue_city: string;
  venue_country: string;
  currency: string;
}

export async function eventPayload(manager: EntityManager, eventId: string): Promise<WebhookEventDto> {
  const [row] = (await manager.query(
    `SELECT id, promoter_id, title, slug, status, starts_at, ends_at, timezone, venue_name, venue_address,
            venue_city, venue_country, currency
       FROM events WHERE id = $1`,
    [eventId],
  )) as EventRow[];
  return {
    id: row.id,
    promoterId: row.promoter_id,
    title: row.title,
    slug: row.slug,
    status: row.status,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timezone: row.timezone,
    venue: {
      name: row.venue_name,
      address: row.venue_address,
      city: row.venue_city,
      country: row.venue_country,
    },
    currency: row.currency,
  };
}

export async function ticketPayload(manager: EntityManager, ticketId: string): Promise<WebhookTicketDto> {
  const [row] = (await manager.query(
    `SELECT t.id, t.order_id, t.event_id, e.promoter_id, t.tier_id, tt.name AS tier_name, t.attendee_name,
            t.attendee_email, t.checked_in_at, t.checked_in_by
       FROM tickets t JOIN events e ON e.id = t.event_id JOIN ticket_tiers tt ON tt.id = t.tier_id
      WHERE t.id = $1`,
    [ticketId],
  )) as Array<{
    id: string;
    order_id: string;
    event_id: string;
    promoter_id: string;
    tier_id: string;
    tier_name: string;
    attendee_name: string;
    attendee_email: string;
    checked_in_at: Date | null;
    checked_in_by: string | null;
  }>;
  return {
    id: row.id,
    orderId: row.order_id,
    eventId: row.event_id,
    promoterId: row.promoter_id,
    tierId: row.tier_id,
    tierName: row.tier_name,
    attendeeName: row.attendee_name,
    attendeeEmail: row.attendee_email,
    checkedInAt: iso(row.checked_in_at),
    checkedInBy: row.checked_in_by,
  };
}

export async function tierPayloads(manager: EntityManager, tierIds: string[]): Promise<WebhookTierDto[]> {
  const rows = (await manager.query(
    `SELECT t.id, t.event_id, e.promoter_id, t.name, t.price, t.capacity, t.sold, t.held
       FROM ticket_tiers t JOIN events e ON e.id = t.event_id
      WHERE t.id = ANY($1::uuid[]) ORDER BY t.id`,
    [tierIds],
  )) as Array<{
    id: string;
    event_id: string;
    promoter_id: string;
    name: string;
    price: number;
    capacity: number;
    sold: number;
    held: number;
  }>;
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    promoterId: r.promoter_id,
    name: r.name,
    price: r.price,
    capacity: r.capacity,
    sold: r.sold,
    held: r.held,
  }));
}

export async function waitlistOfferPayload(
  manager: EntityManager,
  entryId: string,
): Promise<WebhookWaitlistOfferDto> {
  const [row] = (await manager.query(
    `SELECT w.id, w.event_id, e.promoter_id, w.tier_id, t.name AS tier_name, w.user_id, u.name, u.email,
            w.offered_quantity, w.quantity, w.offer_expires_at
       FROM waitlist_entries w JOIN events e ON e.id = w.event_id JOIN ticket_tiers t ON t.id = w.tier_id
       JOIN users u ON u.id = w.user_id
      WHERE w.id = $1`,
    [entryId],
  )) as Array<{
    id: string;
    event_id: string;
    promoter_id: string;
    tier_id: string;
    tier_name: string;
    user_id: string;
    name: string;
    email: string;
    offered_quantity: number;
    quantity: number;
    offer_expires_at: Date;
  }>;
  return {
    id: row.id,
    eventId: row.event_id,
    promoterId: row.promoter_id,
    tierId: row.tier_id,
    tierName: row.tier_name,
    buyer: { id: row.user_id, name: row.name, email: row.email },
    quantity: row.offered_quantity,
    requestedQuantity: row.quantity,
    offerExpiresAt: row.offer_expires_at.toISOString(),
  };
}

/** A person as a webhook shows them: the sender and the recipient of a transfer. */
export async function peoplePayload(
  manager: EntityManager,
  userIds: string[],
): Promise<Map<string, WebhookBuyerDto>> {
  const rows = (await manager.query(`SELECT id, name, email FROM users WHERE id = ANY($1)`, [
    userIds,
  ])) as WebhookBuyerDto[];
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, email: r.email }]));
}
