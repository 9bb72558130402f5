import { createTestApp, eventually, TestApp } from './app';
import { authHeader, createAdmin, registerUser, strongPassword, TestUser } from './factories/users';
import { flushRedis } from './support/redis';

/**
 * Authentication reads neither Postgres nor Redis per request: every instance keeps the revocations in memory.
 * These tests run two API instances on one database and one Redis, and check that a logout, "sign out
 * everywhere", a disabled account and a role change made on one apply on the other at once, and survive an
 * emptied Redis and a lost pub/sub message.
 */
describe('auth: revocations reach every instance, durably', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    // A short poll, so the lost-message test does not wait long.
    const env = { AUTH_REVOCATION_POLL_SECONDS: '1' };
    [a, b] = await Promise.all([createTestApp({ role: 'api', env }), createTestApp({ role: 'api', env })]);
    admin = await createAdmin(a);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  const me = (t: TestApp, user: TestUser) =>
    t.http().get('/api/v1/auth/me').set(authHeader(user.accessToken));
  /** The status `t` answers the user's access token with, once the instances agree (pub/sub takes a moment). */
  const settlesTo = (t: TestApp, user: TestUser, status: number) =>
    eventually(async () => (await me(t, user)).status === status, 2000);

  it('refuses a token logged out on the other instance', async () => {
    const user = await registerUser(a);
    await me(b, user).expect(200);
    await a.http().post('/api/v1/auth/logout').set(authHeader(user.accessToken)).send({}).expect(204);
    await me(a, user).expect(401);
    await settlesTo(b, user, 401);
    expect((await me(b, user)).body.code).toBe('TOKEN_INVALID');
  });

  it('signs out everywhere on a password change, on both instances, but keeps the new session', async () => {
    const user = await registerUser(a);
    const changed = await b
      .http()
      .post('/api/v1/auth/password/change')
      .set(authHeader(user.accessToken))
      .send({ currentPassword: user.password, newPassword: strongPassword() })
      .expect(200);
    await me(b, user).expect(401);
    await settlesTo(a, user, 401);
    const fresh = { ...user, accessToken: changed.body.accessToken as string };
    await me(a, fresh).expect(200);
    await me(b, fresh).expect(200);
  });

  it('refuses a disabled account and applies a role change on the other instance at once', async () => {
    const user = await registerUser(a);
    const adminRoute = (t: TestApp) => t.http().get('/api/v1/admin/users').set(authHeader(user.accessToken));
    expect((await adminRoute(b)).status).toBe(403);
    await a
      .http()
      .patch(`/api/v1/admin/users/${user.id}`)
      .set(authHeader(admin.accessToken))
      .send({ role: 'admin' })
      .expect(200);
    // The token still says "customer"; every instance now treats it as the admin it is.
    await eventually(async () => (await adminRoute(b)).status === 200, 2000);
    await a
      .http()
      .patch(`/api/v1/admin/users/${user.id}`)
      .set(authHeader(admin.accessToken))
      .send({ role: 'customer', status: 'disabled' })
      .expect(200);
    await settlesTo(b, user, 401);
  });

  it('keeps a logout after Redis lost everything, and a new instance knows it from Postgres', async () => {
    const user = await registerUser(a);
    await a.http().post('/api/v1/auth/logout').set(authHeader(user.accessToken)).send({}).expect(204);
    await flushRedis(a);
    await me(a, user).expect(401);
    await settlesTo(b, user, 401);
    const c = await createTestApp({ role: 'api' });
    try {
      expect((await me(c, user)).status).toBe(401);
    } finally {
      await c.close();
    }
  });

  it('learns a revocation whose pub/sub message was lost, from the Postgres poll', async () => {
    const user = await registerUser(a);
    await me(b, user).expect(200);
    const { jti, exp } = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
    // Written as the logout transaction would, but with no message on Redis.
    await a.dataSource.query(
      `INSERT INTO access_revocations (user_id, kind, jti, effective_at, expires_at)
       VALUES ($1, 'logout', $2, now(), to_timestamp($3))`,
      [user.id, jti, exp],
    );
    await settlesTo(b, user, 401);
    await settlesTo(a, user, 401);
  });
});
