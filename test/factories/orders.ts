import type { Test } from 'supertest';
import type { ApiTarget } from '../app';
import { authHeader, TestUser } from './users';

const api = (path: string) => `/api/v1${path}`;

/** The order shape the API answers with (the fields tests read). */
export interface OrderBody {
  id: string;
  eventId: string;
  buyerId: string;
  status: string;
  items: Array<{ tierId: string; tierName: string; quantity: number; unitPrice: number; lineTotal: number }>;
  subtotal: number;
  fees: number;
  total: number;
  refundedAmount: number;
  currency: string;
  expiresAt: string;
  paidAt: string | null;
  payment: { provider: string; reference?: string; clientSecret?: string };
}

export interface OrderItemSpec {
  tierId: string;
  quantity: number;
}

/** `POST /orders` as `buyer`; resolves with the raw response (assert the status in the test). */
export function postOrder(
  t: ApiTarget,
  buyer: TestUser,
  eventId: string,
  items: OrderItemSpec[],
  idempotencyKey?: string,
): Test {
  const req = t.http().post(api('/orders')).set(authHeader(buyer.accessToken));
  if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
  return req.send({ eventId, items });
}

/** A pending order (asserting 201); returns its body. */
export async function holdOrder(
  t: ApiTarget,
  buyer: TestUser,
  eventId: string,
  items: OrderItemSpec[],
): Promise<OrderBody> {
  const res = await postOrder(t, buyer, eventId, items);
  if (res.status !== 201) throw new Error(`holdOrder: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as OrderBody;
}

/** Holds and pays with the `test` provider (which has always succeeded by confirm time). */
export async function buyOrder(
  t: ApiTarget,
  buyer: TestUser,
  eventId: string,
  items: OrderItemSpec[],
): Promise<OrderBody> {
  const order = await holdOrder(t, buyer, eventId, items);
  const res = await confirmOrder(t, buyer, order.id as string);
  if (res.status !== 200 || res.body.status !== 'paid') {
    throw new Error(`buyOrder: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as OrderBody;
}

export function confirmOrder(t: ApiTarget, user: TestUser, orderId: string): Test {
  return t
    .http()
    .post(api(`/orders/${orderId}/confirm`))
    .set(authHeader(user.accessToken))
    .send();
}

/** The order's tickets straight from the database (id, code, status), oldest first. */
export async function ticketsOf(
  t: ApiTarget,
  orderId: string,
): Promise<Array<{ id: string; code: string; status: string; tier_id: string }>> {
  return t.dataSource.query(
    `SELECT id, code, status, tier_id FROM tickets WHERE order_id = $1 ORDER BY created_at, id`,
    [orderId],
  );
}

/** A tier's counters straight from the database. */
export async function tierCounts(
  t: ApiTarget,
  tierId: string,
): Promise<{ capacity: number; sold: number; held: number }> {
  const rows = await t.dataSource.query(`SELECT capacity, sold, held FROM ticket_tiers WHERE id = $1`, [
    tierId,
  ]);
  return rows[0];
}

/** Notifications of one template sent to `email`. */
export async function emailsTo(
  t: ApiTarget,
  email: string,
  template: string,
): Promise<
  Array<{ id: string; data: Record<string, unknown>; attachments: Array<Record<string, unknown>> }>
> {
  return t.dataSource.query(
    `SELECT id, data, attachments FROM notifications WHERE recipient = $1 AND template = $2 ORDER BY created_at`,
    [email.toLowerCase(), template],
  );
}
