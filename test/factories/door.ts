import type { Test } from 'supertest';
import type { TestApp } from '../app';
import { authHeader, TestUser } from './users';

const api = (path: string) => `/api/v1${path}`;

export interface TestList {
  id: string;
  eventId: string;
  tierIds: string[];
  gates: string[];
  allowReentry: boolean;
  stats: { expected: number; checkedIn: number; insideNow: number };
}

/** A check-in list of the event (every tier, any time, no re-entry unless overridden), asserting 201. */
export async function createList(
  t: TestApp,
  actor: TestUser,
  eventId: string,
  body: Record<string, unknown> = {},
): Promise<TestList> {
  const res = await t
    .http()
    .post(api(`/events/${eventId}/check-in-lists`))
    .set(authHeader(actor.accessToken))
    .send({ name: 'Main entrance', ...body });
  if (res.status !== 201) throw new Error(`createList: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TestList;
}

/** `POST /events/{id}/check-ins` as `staff`: an online scan; resolves with the raw response. */
export function scanOnline(
  t: TestApp,
  staff: TestUser,
  eventId: string,
  listId: string,
  code: string,
  gate?: string,
): Test {
  return t
    .http()
    .post(api(`/events/${eventId}/check-ins`))
    .set(authHeader(staff.accessToken))
    .send({ code, listId, ...(gate ? { gate } : {}) });
}

/** Registers an offline scanner for the event and returns its id and token. */
export async function registerDevice(
  t: TestApp,
  staff: TestUser,
  eventId: string,
  name = 'Scanner',
): Promise<{ id: string; token: string }> {
  const res = await t
    .http()
    .post(api(`/events/${eventId}/devices`))
    .set(authHeader(staff.accessToken))
    .send({ name });
  if (res.status !== 201) throw new Error(`registerDevice: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, token: res.body.token };
}

export function syncPage(t: TestApp, token: string, listId: string, cursor?: string, limit?: number): Test {
  const query = new URLSearchParams();
  if (cursor) query.set('cursor', cursor);
  if (limit) query.set('limit', String(limit));
  return t
    .http()
    .get(api(`/check-in-lists/${listId}/sync?${query.toString()}`))
    .set(authHeader(token));
}

export interface OfflineScan {
  code: string;
  scannedAt: string;
  nonce: string;
  gate?: string;
}

export function uploadScans(t: TestApp, token: string, listId: string, scans: OfflineScan[]): Test {
  return t
    .http()
    .post(api(`/check-in-lists/${listId}/scans:batch`))
    .set(authHeader(token))
    .send({ scans });
}
