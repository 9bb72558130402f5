import { createTestApp, TestApp } from './app';
import { authHeader, loginAs, registerUser, strongPassword, uniqueEmail } from './factories/users';

describe('auth: register, login, me, lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const auditActions = async (userId: string): Promise<string[]> => {
    const rows: Array<{ action: string }> = await t.dataSource.query(
      `SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY created_at, action`,
      [userId],
    );
    return rows.map((r) => r.action);
  };

  it('registers, logs in and answers me without secrets', async () => {
    const email = uniqueEmail('MixedCase');
    const password = strongPassword();
    const reg = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password, name: 'Ada' })
      .expect(201);
    expect(reg.body).toEqual({
      user: expect.objectContaining({
        email: email.toLowerCase(),
        name: 'Ada',
        role: 'customer',
        status: 'active',
      }),
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });

    const login = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
    expect(login.body.user.id).toBe(reg.body.user.id);

    const me = await t.http().get('/api/v1/auth/me').set(authHeader(login.body.accessToken)).expect(200);
    expect(me.body).toEqual({
      id: reg.body.user.id,
      email: email.toLowerCase(),
      emailVerified: false,
      name: 'Ada',
      role: 'customer',
      status: 'active',
      locale: 'en',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await auditActions(reg.body.user.id)).toEqual(
      expect.arrayContaining(['auth.registered', 'auth.login_succeeded']),
    );
  });

  it('stores only an argon2id hash and a SHA-256 of the refresh token', async () => {
    const user = await registerUser(t);
    const [row] = await t.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const tokens = await t.dataSource.query(`SELECT token_hash FROM refresh_tokens WHERE user_id = $1`, [
      user.id,
    ]);
    expect(tokens).toHaveLength(1);
    expect(tokens[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokens[0].token_hash).not.toContain(user.refreshToken);
  });

  it('refuses a short password with WEAK_PASSWORD', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: 'short pass', name: 'Bo' })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'WEAK_PASSWORD', details: { reason: 'too_short' } });
  });

  it('refuses a common password whatever its case', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: 'PasswordPassword', name: 'Bo' })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'WEAK_PASSWORD', details: { reason: 'common' } });
  });

  it('refuses an unknown property (no mass assignment of role)', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: strongPassword(), name: 'Bo', role: 'admin' })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields).toEqual([expect.objectContaining({ field: 'role' })]);
  });

  it('refuses the same email in another case with EMAIL_TAKEN', async () => {
    const user = await registerUser(t);
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: `  ${user.email.toUpperCase()} `, password: strongPassword(), name: 'Twin' })
      .expect(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
    // Login is case-insensitive too.
    await loginAs(t, user.email.toUpperCase(), user.password);
  });

  it('answers a wrong password and an unknown email with the same generic error', async () => {
    const user = await registerUser(t);
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'not the right password' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: uniqueEmail('ghost'), password: 'not the right password' })
      .expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('locks the account after repeated failures, even for the right password, then unlocks', async () => {
    const user = await registerUser(t);
    const attempt = (password: string) =>
      t.http().post('/api/v1/auth/login').send({ email: user.email, password });
    for (let i = 0; i < t.config.auth.maxFailedLogins; i += 1) {
      const res = await attempt('a wrong password indeed').expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await attempt(user.password).expect(401);
    expect(locked.body.code).toBe('INVALID_CREDENTIALS');
    const actions = await auditActions(user.id);
    expect(actions.filter((a) => a === 'auth.locked_out')).toHaveLength(1);
    expect(actions.filter((a) => a === 'auth.login_failed').length).toBe(t.config.auth.maxFailedLogins + 1);

    t.clock.advance((t.config.auth.lockoutMinutes + 1) * 60_000);
    try {
      await attempt(user.password).expect(200);
    } finally {
      t.clock.reset();
    }
    const [row] = await t.dataSource.query(
      `SELECT failed_login_count, locked_until FROM users WHERE id = $1`,
      [user.id],
    );
    expect(row).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('requires a token on protected routes', async () => {
    const res = await t.http().get('/api/v1/auth/me').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
