import { createHmac, randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { authHeader, registerUser, TestUser } from './factories/users';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a JWT by hand, so the tests do not trust the library they are testing. */
function forge(header: object, claims: object, secret?: string, hmac = 'sha256'): string {
  const body = `${b64url(header)}.${b64url(claims)}`;
  const signature = secret ? createHmac(hmac, secret).update(body).digest('base64url') : '';
  return `${body}.${signature}`;
}

describe('auth: access tokens, refresh rotation, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set(authHeader(token));
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });

  const claimsFor = (user: TestUser, overrides: object = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: user.id,
      role: 'customer',
      email: user.email,
      jti: randomUUID(),
      iat: now,
      exp: now + 600,
      iss: 'ticket-vendor-api',
      aud: 'ticket-vendor-api',
      ...overrides,
    };
  };

  describe('forged and broken access tokens', () => {
    let user: TestUser;
    beforeAll(async () => {
      user = await registerUser(t);
    });

    it('accepts a correctly signed hand-made token (the forging helper is sound)', async () => {
      const token = forge({ alg: 'HS256', typ: 'JWT' }, claimsFor(user), t.config.auth.jwtSecret);
      await me(token).expect(200);
    });

    it('refuses alg=none', async () => {
      const token = forge({ alg: 'none', typ: 'JWT' }, claimsFor(user));
      const res = await me(token).expect(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
    });

    it('refuses another algorithm even with the right secret', async () => {
      const token = forge({ alg: 'HS512', typ: 'JWT' }, claimsFor(user), t.config.auth.jwtSecret, 'sha512');
      expect((await me(token).expect(401)).body.code).toBe('TOKEN_INVALID');
    });

    it('refuses a tampered token (role raised to admin)', async () => {
      const [header, , signature] = user.accessToken.split('.');
      const original = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
      const tampered = `${header}.${b64url({ ...original, role: 'admin' })}.${signature}`;
      expect((await me(tampered).expect(401)).body.code).toBe('TOKEN_INVALID');
      await t.http().get('/api/v1/admin/users').set(authHeader(tampered)).expect(401);
    });

    it('refuses an expired token', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      const token = forge(
        { alg: 'HS256', typ: 'JWT' },
        claimsFor(user, { iat: past - 900, exp: past }),
        t.config.auth.jwtSecret,
      );
      const res = await me(token).expect(401);
      expect(res.body).toMatchObject({ code: 'TOKEN_INVALID', details: { reason: 'expired' } });
    });

    it('refuses a token signed with another secret and garbage', async () => {
      const token = forge(
        { alg: 'HS256', typ: 'JWT' },
        claimsFor(user),
        'another-secret-of-sufficient-length!',
      );
      expect((await me(token).expect(401)).body.code).toBe('TOKEN_INVALID');
      expect((await me('not.a.jwt').expect(401)).body.code).toBe('TOKEN_INVALID');
    });

    it('carries sub, role, email, jti and a 15-minute expiry', () => {
      const claims = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ sub: user.id, role: 'customer', email: user.email });
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(claims.exp - claims.iat).toBe(t.config.auth.accessTtlSeconds);
      const header = JSON.parse(Buffer.from(user.accessToken.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
    });
  });

  it('rotates the refresh token on every use', async () => {
    const user = await registerUser(t);
    const first = await refresh(user.refreshToken).expect(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    await me(first.body.accessToken).expect(200);
    const second = await refresh(first.body.refreshToken).expect(200);
    await me(second.body.accessToken).expect(200);

    const rows: Array<{ family_id: string; revoked_at: Date | null; replaced_by_id: string | null }> =
      await t.dataSource.query(
        `SELECT family_id, revoked_at, replaced_by_id FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at`,
        [user.id],
      );
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
    expect(rows.filter((r) => r.revoked_at === null)).toHaveLength(1);
    expect(rows.filter((r) => r.replaced_by_id !== null)).toHaveLength(2);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const user = await registerUser(t);
    const rotated = await refresh(user.refreshToken).expect(200);

    const reuse = await refresh(user.refreshToken).expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    // The thief's replay also killed the legitimate latest token.
    const latest = await refresh(rotated.body.refreshToken).expect(401);
    expect(latest.body.code).toBe('REFRESH_TOKEN_REUSED');

    const [audit] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE entity_id = $1 AND action = 'auth.refresh_reuse_detected'`,
      [user.id],
    );
    expect(audit.n).toBeGreaterThanOrEqual(1);
  });

  it('lets at most one of several concurrent refreshes with one token win', async () => {
    const user = await registerUser(t);
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(user.refreshToken)));
    const wins = results.filter((r) => r.status === 200);
    expect(wins.length).toBeLessThanOrEqual(1);
    for (const loser of results.filter((r) => r.status !== 200)) {
      expect(loser.status).toBe(401);
      expect(loser.body.code).toBe('REFRESH_TOKEN_REUSED');
    }
    const [live] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.id],
    );
    expect(live.n).toBe(0);
  });

  it('refuses an unknown refresh token', async () => {
    const res = await refresh('this-token-was-never-issued-by-the-service').expect(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });

  it('refuses an expired refresh token', async () => {
    const user = await registerUser(t);
    t.clock.advance((t.config.auth.refreshTtlDays + 1) * 24 * 3600 * 1000);
    try {
      expect((await refresh(user.refreshToken).expect(401)).body.code).toBe('TOKEN_INVALID');
    } finally {
      t.clock.reset();
    }
  });

  it('refuses the access token after logout, and the refresh token given with it', async () => {
    const user = await registerUser(t);
    await me(user.accessToken).expect(200);
    await t
      .http()
      .post('/api/v1/auth/logout')
      .set(authHeader(user.accessToken))
      .send({ refreshToken: user.refreshToken })
      .expect(204);
    const res = await me(user.accessToken).expect(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
    await refresh(user.refreshToken).expect(401);

    // The logout is recorded in Postgres until the token would have expired anyway.
    const { jti, exp } = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
    const rows = await t.dataSource.query(`SELECT kind, expires_at FROM access_revocations WHERE jti = $1`, [
      jti,
    ]);
    expect(rows).toEqual([{ kind: 'logout', expires_at: new Date(exp * 1000) }]);
  });

  it("ignores another user's refresh token at logout", async () => {
    const alice = await registerUser(t);
    const bob = await registerUser(t);
    await t
      .http()
      .post('/api/v1/auth/logout')
      .set(authHeader(alice.accessToken))
      .send({ refreshToken: bob.refreshToken })
      .expect(204);
    await refresh(bob.refreshToken).expect(200);
  });
});
