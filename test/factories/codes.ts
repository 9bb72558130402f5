import type { ApiTarget } from '../app';
import { authHeader, TestUser } from './users';

const api = (path: string) => `/api/v1${path}`;

/** The code shape the API answers with (the fields tests read). */
export interface CodeBody {
  id: string;
  eventId: string;
  code: string;
  kind: 'discount' | 'access' | 'presale';
  discountBps: number | null;
  discountAmount: number | null;
  tierIds: string[];
  maxUses: number | null;
  maxPerBuyer: number | null;
  used: number;
  held: number;
  remaining: number | null;
  active: boolean;
}

/** `POST /events/{id}/codes` as `actor`, asserting 201. A discount of 10% on every tier unless told otherwise. */
export async function createCode(
  t: ApiTarget,
  actor: TestUser,
  eventId: string,
  body: Record<string, unknown>,
): Promise<CodeBody> {
  const res = await t
    .http()
    .post(api(`/events/${eventId}/codes`))
    .set(authHeader(actor.accessToken))
    .send({ kind: 'discount', discountBps: 1000, ...body });
  if (res.status !== 201) throw new Error(`createCode: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CodeBody;
}

/** A code's uses straight from the database. */
export async function codeUses(t: ApiTarget, codeId: string): Promise<{ used: number; held: number }> {
  const [row] = await t.dataSource.query(`SELECT used, held FROM promo_codes WHERE id = $1`, [codeId]);
  return row;
}
