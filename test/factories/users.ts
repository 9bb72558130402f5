import { randomBytes } from 'node:crypto';
import { AccessTokenService } from '../../src/accounts/auth/access-token.service';
import type { Role } from '../../src/platform/auth/roles';
import type { ApiTarget, TestApp } from '../app';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  accessToken: string;
  refreshToken: string;
}

export interface UserOverrides {
  email?: string;
  password?: string;
  name?: string;
}

const suffix = () => randomBytes(6).toString('hex');

/** A unique email, so test files running in parallel against one database never collide. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${suffix()}@example.com`;
}

/** A password that passes the policy (long enough, not on the common-password list). */
export function strongPassword(): string {
  return `tv-test-pass-${suffix()}`;
}

export function authHeader(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** Registers a customer through the HTTP API. */
export async function registerUser(t: ApiTarget, overrides: UserOverrides = {}): Promise<TestUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? strongPassword();
  const name = overrides.name ?? 'Test User';
  const res = await t.http().post('/api/v1/auth/register').send({ email, password, name });
  if (res.status !== 201) {
    throw new Error(`registerUser: expected 201, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return {
    id: res.body.user.id,
    email: res.body.user.email,
    password,
    name,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

/** Signs in through the HTTP API. */
export async function loginAs(t: ApiTarget, email: string, password: string): Promise<TestUser> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) {
    throw new Error(`loginAs: expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return {
    id: res.body.user.id,
    email: res.body.user.email,
    password,
    name: res.body.user.name,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

/** Registers a user, makes them an admin in the database, and signs in again so the token carries the role. */
export async function createAdmin(t: ApiTarget, overrides: UserOverrides = {}): Promise<TestUser> {
  const user = await registerUser(t, { name: 'Test Admin', ...overrides });
  await t.dataSource.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [user.id]);
  return loginAs(t, user.email, user.password);
}

/** Sets a user's role directly in the database (e.g. `promoter`) and signs in again. */
export async function withRole(t: ApiTarget, user: TestUser, role: 'admin' | 'promoter' | 'customer') {
  await t.dataSource.query(`UPDATE users SET role = $2 WHERE id = $1`, [user.id, role]);
  return loginAs(t, user.email, user.password);
}

/**
 * `n` customers at once, for crowds: one registers through the API, the others are copies of its row (same
 * password hash, their own email) and get access tokens from the app's own token service, which is what signing
 * in hands out. Refresh tokens are left out: a crowd never refreshes.
 */
export async function createCrowd(t: TestApp, n: number): Promise<TestUser[]> {
  const first = await registerUser(t, { name: 'Crowd Buyer' });
  const tag = suffix();
  const rows = (await t.dataSource.query(
    `INSERT INTO users (email, password_hash, name, role)
     SELECT 'crowd-' || $2 || '-' || g || '@example.com', u.password_hash, 'Crowd Buyer ' || g, 'customer'
       FROM users u, generate_series(1, $3::int) g WHERE u.id = $1
     RETURNING id, email, name, role, sessions_revoked_at`,
    [first.id, tag, n - 1],
  )) as Array<{ id: string; email: string; name: string; role: Role; sessions_revoked_at: Date | null }>;
  const tokens = t.app.get(AccessTokenService);
  return [
    first,
    ...rows.map((u) => ({
      id: u.id,
      email: u.email,
      password: first.password,
      name: u.name,
      accessToken: tokens.sign({ ...u, sessionsRevokedAt: u.sessions_revoked_at }).accessToken,
      refreshToken: '',
    })),
  ];
}
