import type { Test } from 'supertest';
import type { ApiTarget } from '../app';
import { createOnSaleEvent, OnSaleEvent, TierSpec } from './catalog';
import { buyOrder, OrderBody } from './orders';
import { authHeader, registerUser, TestUser } from './users';

const api = (path: string) => `/api/v1${path}`;

/** A waitlist entry straight from the database. */
export interface EntryRow {
  id: string;
  status: string;
  quantity: number;
  offered_quantity: number | null;
  offer_expires_at: Date | null;
  order_id: string | null;
}

/** `POST /waitlist` as `buyer`; resolves with the raw response. */
export function joinWaitlist(
  t: ApiTarget,
  buyer: TestUser,
  eventId: string,
  tierId: string,
  quantity = 1,
): Test {
  return t
    .http()
    .post(api('/waitlist'))
    .set(authHeader(buyer.accessToken))
    .send({ eventId, tierId, quantity });
}

/** Joins (asserting 201) and returns the entry body. */
export async function joined(
  t: ApiTarget,
  buyer: TestUser,
  eventId: string,
  tierId: string,
  quantity = 1,
): Promise<{ id: string; status: string; position: number }> {
  const res = await joinWaitlist(t, buyer, eventId, tierId, quantity);
  if (res.status !== 201) throw new Error(`joined: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function claimOffer(t: ApiTarget, buyer: TestUser, entryId: string): Test {
  return t
    .http()
    .post(api(`/waitlist/${entryId}/claim`))
    .set(authHeader(buyer.accessToken))
    .send();
}

export function leaveWaitlist(t: ApiTarget, buyer: TestUser, entryId: string): Test {
  return t
    .http()
    .delete(api(`/waitlist/${entryId}`))
    .set(authHeader(buyer.accessToken))
    .send();
}

export async function entryRow(t: ApiTarget, id: string): Promise<EntryRow> {
  const rows = await t.dataSource.query(
    `SELECT id, status, quantity, offered_quantity, offer_expires_at, order_id FROM waitlist_entries WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function entryStatus(t: ApiTarget, id: string): Promise<string> {
  return (await entryRow(t, id)).status;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Event times a year ahead. Another file's completion sweeper runs with its clock moved 40 days on and
 * completes every event that ended by then; events this far out stay on sale.
 */
export function farFutureEvent(): { startsAt: string; endsAt: string } {
  const startsAt = new Date(Date.now() + 365 * DAY_MS);
  return {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 4 * 3600 * 1000).toISOString(),
  };
}

export interface SoldOutSale extends OnSaleEvent {
  tierId: string;
  /** The paid order that bought every unit. */
  order: OrderBody;
  firstBuyer: TestUser;
}

/**
 * An on-sale event whose single tier is sold out by one paid order. Paid, not held: another test file's
 * expiry sweeper (running with an advanced clock) cannot free these units behind the test's back.
 */
export async function soldOutSale(t: ApiTarget, spec: TierSpec = {}): Promise<SoldOutSale> {
  const capacity = spec.capacity ?? 3;
  const sale = await createOnSaleEvent(t, {
    tiers: [{ price: 1500, maxPerOrder: 10, ...spec, capacity }],
    event: farFutureEvent(),
  });
  const firstBuyer = await registerUser(t);
  const order = await buyOrder(t, firstBuyer, sale.eventId, [
    { tierId: sale.tierIds[0], quantity: capacity },
  ]);
  return { ...sale, tierId: sale.tierIds[0], order, firstBuyer };
}

/** Raises a tier's capacity through the API as the promoter's owner. */
export async function raiseCapacity(
  t: ApiTarget,
  sale: OnSaleEvent,
  tierId: string,
  capacity: number,
): Promise<void> {
  const res = await t
    .http()
    .patch(api(`/tiers/${tierId}`))
    .set(authHeader(sale.token))
    .send({ capacity });
  if (res.status !== 200) throw new Error(`raiseCapacity: ${res.status} ${JSON.stringify(res.body)}`);
}
