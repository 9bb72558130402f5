import { randomBytes } from 'node:crypto';
import type { ApiTarget } from '../app';
import { authHeader, createAdmin, registerUser, TestUser } from './users';

const DAY_MS = 24 * 3600 * 1000;
const suffix = () => randomBytes(4).toString('hex');
const api = (path: string) => `/api/v1${path}`;

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}

const admins = new WeakMap<ApiTarget, Promise<TestUser>>();

/** One admin per test app, created on first use. */
export function sharedAdmin(t: ApiTarget): Promise<TestUser> {
  let admin = admins.get(t);
  if (!admin) {
    admin = createAdmin(t);
    admins.set(t, admin);
  }
  return admin;
}

export interface TestPromoter {
  id: string;
  name: string;
  slug: string;
  status: string;
  owner: TestUser;
}

/** `owner` (a new customer by default) applies; the promoter stays `pending`. */
export async function createPendingPromoter(
  t: ApiTarget,
  owner?: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<TestPromoter> {
  const user = owner ?? (await registerUser(t, { name: 'Promoter Owner' }));
  const res = await t
    .http()
    .post(api('/promoters'))
    .set(authHeader(user.accessToken))
    .send({ name: `Promoter ${suffix()}`, contactEmail: `contact-${suffix()}@example.com`, ...overrides });
  expectStatus(res, 201, 'createPendingPromoter');
  return { ...(res.body as Omit<TestPromoter, 'owner'>), owner: user };
}

/** Moves a promoter with an admin route (`approve`, `reject`, `suspend`, `reinstate`). */
export async function movePromoter(t: ApiTarget, promoterId: string, action: string): Promise<void> {
  const admin = await sharedAdmin(t);
  const res = await t
    .http()
    .post(api(`/admin/promoters/${promoterId}/${action}`))
    .set(authHeader(admin.accessToken))
    .send({});
  expectStatus(res, 200, `movePromoter ${action}`);
}

/** A promoter an admin has approved; its owner now has the `promoter` role (read from the database per request). */
export async function createApprovedPromoter(t: ApiTarget, owner?: TestUser): Promise<TestPromoter> {
  const promoter = await createPendingPromoter(t, owner);
  await movePromoter(t, promoter.id, 'approve');
  return { ...promoter, status: 'approved' };
}

/** Adds an existing user (by email) to a promoter's team. */
export async function addMember(
  t: ApiTarget,
  owner: TestUser,
  promoterId: string,
  member: TestUser,
  role: 'owner' | 'manager' | 'staff',
): Promise<void> {
  const res = await t
    .http()
    .post(api(`/promoters/${promoterId}/members`))
    .set(authHeader(owner.accessToken))
    .send({ email: member.email, role });
  expectStatus(res, 201, 'addMember');
}

/** A valid event body: starts in 30 days, runs 4 hours, EUR, Berlin. */
export function eventBody(
  promoterId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const startsAt = new Date(Date.now() + 30 * DAY_MS);
  return {
    promoterId,
    title: `Test Event ${suffix()}`,
    description: 'An evening of music.',
    category: 'music',
    venue: { name: 'Test Hall', address: '1 Test Street', city: 'Berlin', country: 'DE' },
    timezone: 'Europe/Berlin',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 4 * 3600 * 1000).toISOString(),
    currency: 'EUR',
    ...overrides,
  };
}

export interface TestEvent {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  currency: string;
  promoter: { id: string };
  [key: string]: unknown;
}

/** A draft event of `promoter`, created by `actor` (the promoter's owner by default). */
export async function createEvent(
  t: ApiTarget,
  promoter: TestPromoter,
  overrides: Record<string, unknown> = {},
  actor: TestUser = promoter.owner,
): Promise<TestEvent> {
  const res = await t
    .http()
    .post(api('/events'))
    .set(authHeader(actor.accessToken))
    .send(eventBody(promoter.id, overrides));
  expectStatus(res, 201, 'createEvent');
  return res.body as TestEvent;
}

export interface TierSpec {
  name?: string;
  price?: number;
  capacity?: number;
  minPerOrder?: number;
  maxPerOrder?: number;
  hidden?: boolean;
  salesStartAt?: string | null;
  salesEndAt?: string | null;
  sortOrder?: number;
  description?: string | null;
  attendeeDetails?: 'none' | 'optional' | 'required';
  taxRateBps?: number;
  taxMode?: 'inclusive' | 'exclusive';
}

export interface TestTier {
  id: string;
  eventId: string;
  price: number;
  capacity: number;
  [key: string]: unknown;
}

export async function createTier(
  t: ApiTarget,
  actor: TestUser,
  eventId: string,
  overrides: TierSpec = {},
): Promise<TestTier> {
  const res = await t
    .http()
    .post(api(`/events/${eventId}/tiers`))
    .set(authHeader(actor.accessToken))
    .send({ name: `Tier ${suffix()}`, price: 2500, capacity: 100, ...overrides });
  expectStatus(res, 201, 'createTier');
  return res.body as TestTier;
}

export async function publishEvent(t: ApiTarget, actor: TestUser, eventId: string): Promise<TestEvent> {
  const res = await t
    .http()
    .post(api(`/events/${eventId}/publish`))
    .set(authHeader(actor.accessToken))
    .send();
  expectStatus(res, 200, 'publishEvent');
  return res.body as TestEvent;
}

export interface OnSaleEvent {
  promoter: TestPromoter;
  owner: TestUser;
  /** The owner's access token, for promoter-side calls. */
  token: string;
  event: TestEvent;
  eventId: string;
  tiers: TestTier[];
  tierIds: string[];
}

/**
 * Everything checkout needs in one call: an approved promoter, a published event and its tiers, all on sale
 * now. Pass `promoter` to reuse one, or `owner` to have a new promoter owned by that user. Defaults: one tier
 * of 100 units at 2500 minor units, EUR.
 */
export async function createOnSaleEvent(
  t: ApiTarget,
  options: {
    tiers?: TierSpec[];
    event?: Record<string, unknown>;
    owner?: TestUser;
    promoter?: TestPromoter;
  } = {},
): Promise<OnSaleEvent> {
  const promoter = options.promoter ?? (await createApprovedPromoter(t, options.owner));
  const event = await createEvent(t, promoter, options.event);
  const tiers: TestTier[] = [];
  for (const spec of options.tiers ?? [{}]) tiers.push(await createTier(t, promoter.owner, event.id, spec));
  const published = await publishEvent(t, promoter.owner, event.id);
  return {
    promoter,
    owner: promoter.owner,
    token: promoter.owner.accessToken,
    event: published,
    eventId: event.id,
    tiers,
    tierIds: tiers.map((tier) => tier.id),
  };
}

/**
 * Moves an event's times into the past directly in the database (the API refuses past dates), e.g. to let the
 * completion sweeper find it. Keeps the event's duration.
 */
export async function moveEventToPast(
  t: ApiTarget,
  eventId: string,
  endedMsAgo = 3600 * 1000,
): Promise<void> {
  await t.dataSource.query(
    `UPDATE events SET ends_at = now() - make_interval(secs => $2::double precision / 1000),
                       starts_at = now() - make_interval(secs => $2::double precision / 1000) - (ends_at - starts_at),
                       sales_start_at = NULL, sales_end_at = NULL
      WHERE id = $1`,
    [eventId, endedMsAgo],
  );
}
