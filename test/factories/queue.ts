import type { TestApp } from '../app';
import { createOnSaleEvent, OnSaleEvent, TierSpec } from './catalog';
import { authHeader, registerUser, TestUser } from './users';

const api = (path: string) => `/api/v1${path}`;
const HOUR_MS = 3600 * 1000;

export interface QueuedSale extends OnSaleEvent {
  /** When the sale starts (an hour after creation): advance the clock past it to start admitting. */
  salesStartAt: Date;
}

/**
 * A published event with a waiting room that opened a minute ago and a sale that starts in an hour, so buyers
 * who join now are early arrivals (random order).
 */
export async function queuedSale(
  t: TestApp,
  options: { tiers?: TierSpec[]; admitPerMinute?: number | null; tokenTtlSeconds?: number } = {},
): Promise<QueuedSale> {
  const now = t.clock.now().getTime();
  const salesStartAt = new Date(now + HOUR_MS);
  const sale = await createOnSaleEvent(t, {
    tiers: options.tiers ?? [{ capacity: 10, maxPerOrder: 4 }],
    event: {
      salesStartAt: salesStartAt.toISOString(),
      queue: {
        enabled: true,
        opensAt: new Date(now - 60_000).toISOString(),
        admitPerMinute: options.admitPerMinute ?? null,
        tokenTtlSeconds: options.tokenTtlSeconds ?? 60,
      },
    },
  });
  return { ...sale, salesStartAt };
}

/** Moves the app clock just past the sales start. */
export function startSale(t: TestApp, sale: QueuedSale): void {
  t.clock.advance(sale.salesStartAt.getTime() - t.clock.now().getTime() + 1000);
}

export function joinQueue(t: TestApp, buyer: TestUser, eventId: string, body: Record<string, unknown> = {}) {
  return t
    .http()
    .post(api(`/events/${eventId}/queue`))
    .set(authHeader(buyer.accessToken))
    .send(body);
}

export interface QueueEntryBody {
  entryId: string;
  eventId: string;
  status: string;
  position: number | null;
  etaSeconds: number | null;
  randomised: boolean;
  waitlistTierId: string | null;
  admissionToken: string | null;
  admissionExpiresAt: string | null;
}

/** Joins (asserting 201) and returns the entry. */
export async function joined(
  t: TestApp,
  buyer: TestUser,
  eventId: string,
  body: Record<string, unknown> = {},
): Promise<QueueEntryBody> {
  const res = await joinQueue(t, buyer, eventId, body);
  if (res.status !== 201) throw new Error(`joined: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as QueueEntryBody;
}

export async function myEntry(t: TestApp, buyer: TestUser, eventId: string): Promise<QueueEntryBody> {
  const res = await t
    .http()
    .get(api(`/events/${eventId}/queue/me`))
    .set(authHeader(buyer.accessToken));
  if (res.status !== 200) throw new Error(`myEntry: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as QueueEntryBody;
}

/** `POST /orders` with an optional `X-Queue-Token`. */
export function orderWithToken(
  t: TestApp,
  buyer: TestUser,
  eventId: string,
  items: Array<{ tierId: string; quantity: number }>,
  token?: string | null,
) {
  const req = t.http().post(api('/orders')).set(authHeader(buyer.accessToken));
  if (token) req.set('X-Queue-Token', token);
  return req.send({ eventId, items });
}

/** The event's entries in queue order (rank, id), from the record. */
export async function entriesInRankOrder(
  t: TestApp,
  eventId: string,
): Promise<Array<{ id: string; user_id: string; status: string }>> {
  return (await t.dataSource.query(
    `SELECT id, user_id, status FROM queue_entries WHERE event_id = $1 ORDER BY rank, id`,
    [eventId],
  )) as Array<{ id: string; user_id: string; status: string }>;
}

export const buyers = (t: TestApp, n: number) =>
  Promise.all(Array.from({ length: n }, () => registerUser(t)));

/** Joins one buyer after another (arrival order matters). */
export async function joinInTurn(t: TestApp, people: TestUser[], eventId: string): Promise<QueueEntryBody[]> {
  const entries: QueueEntryBody[] = [];
  for (const p of people) entries.push(await joined(t, p, eventId));
  return entries;
}
