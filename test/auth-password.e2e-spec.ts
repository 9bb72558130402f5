import { createTestApp, TestApp } from './app';
import { authHeader, loginAs, registerUser, strongPassword, TestUser, uniqueEmail } from './factories/users';

interface ResetEmail {
  data: { name: string; resetUrl: string; token: string; expiresAt: string };
}

describe('auth: forgot, reset and change password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set(authHeader(token));
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });
  const forgot = (email: string) => t.http().post('/api/v1/auth/password/forgot').send({ email });
  const resetEmails = (email: string): Promise<ResetEmail[]> =>
    t.dataSource.query(
      `SELECT data FROM notifications WHERE recipient = $1 AND template = 'password-reset' ORDER BY created_at`,
      [email],
    );

  it('forgot -> outbox email -> reset -> old password and old sessions are dead', async () => {
    const user = await registerUser(t, { name: 'Grace' });
    const second = await loginAs(t, user.email, user.password);

    const accepted = await forgot(user.email.toUpperCase()).expect(202);
    const [mail] = await resetEmails(user.email);
    expect(mail.data).toEqual({
      name: 'Grace',
      token: expect.any(String),
      resetUrl: expect.stringContaining(encodeURIComponent(mail.data.token)),
      expiresAt: expect.any(String),
    });
    const [stored] = await t.dataSource.query(
      `SELECT token_hash FROM password_reset_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(stored.token_hash).not.toBe(mail.data.token);

    const newPassword = strongPassword();
    await t
      .http()
      .post('/api/v1/auth/password/reset')
      .send({ token: mail.data.token, password: newPassword })
      .expect(204);

    const oldLogin = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
    expect(oldLogin.body.code).toBe('INVALID_CREDENTIALS');
    for (const session of [user, second]) {
      expect((await me(session.accessToken).expect(401)).body.code).toBe('TOKEN_INVALID');
      await refresh(session.refreshToken).expect(401);
    }
    const fresh = await loginAs(t, user.email, newPassword);
    await me(fresh.accessToken).expect(200);

    // Single use.
    const again = await t
      .http()
      .post('/api/v1/auth/password/reset')
      .send({ token: mail.data.token, password: strongPassword() })
      .expect(400);
    expect(again.body.code).toBe('PASSWORD_RESET_INVALID');
    expect(accepted.body).toEqual({ message: expect.any(String) });
    const actions: Array<{ action: string }> = await t.dataSource.query(
      `SELECT action FROM audit_entries WHERE entity_id = $1`,
      [user.id],
    );
    expect(actions.map((a) => a.action)).toContain('auth.password_reset');
  });

  it('answers an unknown email exactly like a known one and sends nothing', async () => {
    const known = await registerUser(t);
    const ghost = uniqueEmail('ghost');
    const a = await forgot(known.email).expect(202);
    const b = await forgot(ghost).expect(202);
    expect(b.body).toEqual(a.body);
    expect(await resetEmails(ghost)).toHaveLength(0);
  });

  it('keeps the token usable when the new password is refused', async () => {
    const user = await registerUser(t);
    await forgot(user.email).expect(202);
    const [mail] = await resetEmails(user.email);
    const weak = await t
      .http()
      .post('/api/v1/auth/password/reset')
      .send({ token: mail.data.token, password: 'passwordpassword' })
      .expect(400);
    expect(weak.body.code).toBe('WEAK_PASSWORD');
    await t
      .http()
      .post('/api/v1/auth/password/reset')
      .send({ token: mail.data.token, password: strongPassword() })
      .expect(204);
  });

  it('refuses an expired reset token', async () => {
    const user = await registerUser(t);
    await forgot(user.email).expect(202);
    const [mail] = await resetEmails(user.email);
    t.clock.advance(2 * 3600 * 1000);
    try {
      const res = await t
        .http()
        .post('/api/v1/auth/password/reset')
        .send({ token: mail.data.token, password: strongPassword() })
        .expect(400);
      expect(res.body.code).toBe('PASSWORD_RESET_INVALID');
    } finally {
      t.clock.reset();
    }
  });

  it('also unlocks a locked-out account', async () => {
    const user = await registerUser(t);
    for (let i = 0; i < t.config.auth.maxFailedLogins; i += 1) {
      await t.http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong wrong wrong' });
    }
    await forgot(user.email).expect(202);
    const [mail] = await resetEmails(user.email);
    const password = strongPassword();
    await t.http().post('/api/v1/auth/password/reset').send({ token: mail.data.token, password }).expect(204);
    await loginAs(t, user.email, password);
  });

  describe('change password', () => {
    let user: TestUser;
    beforeEach(async () => {
      user = await registerUser(t);
    });
    const change = (token: string, body: object) =>
      t.http().post('/api/v1/auth/password/change').set(authHeader(token)).send(body);

    it('refuses a wrong current password', async () => {
      const res = await change(user.accessToken, {
        currentPassword: 'not my password at all',
        newPassword: strongPassword(),
      }).expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
      await me(user.accessToken).expect(200);
    });

    it('refuses a weak new password', async () => {
      const res = await change(user.accessToken, {
        currentPassword: user.password,
        newPassword: 'qwertyuiop',
      }).expect(400);
      expect(res.body.code).toBe('WEAK_PASSWORD');
    });

    it('revokes every other session and returns a working new one', async () => {
      const other = await loginAs(t, user.email, user.password);
      const newPassword = strongPassword();
      const res = await change(user.accessToken, { currentPassword: user.password, newPassword }).expect(200);
      expect(res.body).toMatchObject({ user: { id: user.id }, accessToken: expect.any(String) });

      await me(res.body.accessToken).expect(200);
      await refresh(res.body.refreshToken).expect(200);
      for (const session of [user, other]) {
        await me(session.accessToken).expect(401);
        await refresh(session.refreshToken).expect(401);
      }
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(401);
      await loginAs(t, user.email, newPassword);
      const [row] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE entity_id = $1 AND action = 'auth.password_changed'`,
        [user.id],
      );
      expect(row.n).toBe(1);
    });
  });
});
