import type { ApiTarget } from '../app';
import { authHeader, TestUser } from './users';

export interface TestApiKey {
  id: string;
  promoterId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token: string;
}

/** A key of `promoterId` created by `actor` (an owner or manager), asserting 201; the body holds its token. */
export async function createApiKey(
  t: ApiTarget,
  actor: TestUser,
  promoterId: string,
  scopes: string[],
  name = 'Integration',
): Promise<TestApiKey> {
  const res = await t
    .http()
    .post(`/api/v1/promoters/${promoterId}/api-keys`)
    .set(authHeader(actor.accessToken))
    .send({ name, scopes });
  if (res.status !== 201) throw new Error(`createApiKey: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TestApiKey;
}

/** The `X-API-Key` header (`Authorization: Bearer tvk_…` works too: `authHeader(key.token)`). */
export function keyHeader(token: string): { 'X-API-Key': string } {
  return { 'X-API-Key': token };
}
