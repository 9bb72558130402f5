import { createTestApp, TestApp } from './app';
import { authHeader, registerUser, strongPassword, TestUser, uniqueEmail } from './factories/users';

interface SessionBody {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
  secondFactor: boolean;
}

describe('sessions: list and end signed-in devices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = async (user: TestUser, userAgent: string) => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('User-Agent', userAgent)
      .send({ email: user.email, password: user.password })
      .expect(200);
    return res.body as { accessToken: string; refreshToken: string };
  };
  const list = async (token: string): Promise<SessionBody[]> =>
    (await t.http().get('/api/v1/auth/sessions').set(authHeader(token)).expect(200)).body.items;
  const end = (token: string, id: string) =>
    t.http().delete(`/api/v1/auth/sessions/${id}`).set(authHeader(token));
  const me = (token: string) => t.http().get('/api/v1/auth/me').set(authHeader(token));
  const audits = async (userId: string, action: string) =>
    (await t.dataSource.query(`SELECT after FROM audit_entries WHERE entity_id = $1 AND action = $2`, [
      userId,
      action,
    ])) as Array<{ after: Record<string, unknown> }>;

  it('lists each sign-in with its device, address and times, and marks the current one', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    const reg = await t
      .http()
      .post('/api/v1/auth/register')
      .set('User-Agent', 'Laptop/1.0')
      .send({ email, password, name: 'Multi Device' })
      .expect(201);
    const user: TestUser = { ...reg.body, id: reg.body.user.id, email, password, name: 'Multi Device' };
    const phone = await login(user, 'Phone/2.0');

    const sessions = await list(phone.accessToken);
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => [s.userAgent, s.current])).toEqual([
      ['Phone/2.0', true],
      ['Laptop/1.0', false],
    ]);
    expect(sessions[0].ip).toMatch(/127\.0\.0\.1|::1/);
    expect(sessions[0].secondFactor).toBe(false);
    expect(Date.parse(sessions[0].lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(sessions[0].createdAt));
    expect(await audits(user.id, 'auth.sessions_listed')).toEqual([{ after: { total: 2 } }]);

    // From the laptop's token, the laptop is current.
    const fromLaptop = await list(reg.body.accessToken);
    expect(fromLaptop.find((s) => s.current)?.userAgent).toBe('Laptop/1.0');
  });

  it('keeps the session across refreshes, which update its device and last use', async () => {
    const user = await registerUser(t);
    const first = await login(user, 'Tablet/1.0');
    const [before] = (await list(first.accessToken)).filter((s) => s.userAgent === 'Tablet/1.0');
    t.clock.advance(60_000);
    const refreshed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .set('User-Agent', 'Tablet/1.1')
      .send({ refreshToken: first.refreshToken })
      .expect(200);
    t.clock.reset();
    const after = (await list(refreshed.body.accessToken)).find((s) => s.current);
    expect(after).toMatchObject({ id: before.id, userAgent: 'Tablet/1.1' });
    expect(Date.parse(after!.lastUsedAt)).toBeGreaterThan(Date.parse(before.lastUsedAt));
  });

  it('ends another session: its refresh token and access token stop working at once, and it is audited', async () => {
    const user = await registerUser(t);
    const other = await login(user, 'Stolen/1.0');
    const mine = await login(user, 'Mine/1.0');
    const target = (await list(mine.accessToken)).find((s) => s.userAgent === 'Stolen/1.0')!;

    await end(mine.accessToken, target.id).expect(204);

    expect((await me(other.accessToken).expect(401)).body.code).toBe('TOKEN_INVALID');
    const refresh = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: other.refreshToken })
      .expect(401);
    expect(refresh.body.code).toBe('REFRESH_TOKEN_REUSED');
    await me(mine.accessToken).expect(200);
    expect((await list(mine.accessToken)).map((s) => s.userAgent)).not.toContain('Stolen/1.0');
    expect(await audits(user.id, 'auth.session_ended')).toEqual([
      { after: { sessionId: target.id, current: false } },
    ]);
  });

  it('ends the current session too, like a logout', async () => {
    const user = await registerUser(t);
    const current = (await list(user.accessToken)).find((s) => s.current)!;
    await end(user.accessToken, current.id).expect(204);
    expect((await me(user.accessToken).expect(401)).body.code).toBe('TOKEN_INVALID');
  });

  it("answers 404 for someone else's session, an ended one or an unknown id, and 400 for a malformed id", async () => {
    const owner = await registerUser(t);
    const stranger = await registerUser(t);
    const [session] = await list(owner.accessToken);

    expect((await end(stranger.accessToken, session.id).expect(404)).body.code).toBe('NOT_FOUND');
    await me(owner.accessToken).expect(200);

    const spare = await login(owner, 'Spare/1.0');
    const spareId = (await list(spare.accessToken)).find((s) => s.current)!.id;
    await end(owner.accessToken, spareId).expect(204);
    expect((await end(owner.accessToken, spareId).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await end(owner.accessToken, 'not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('drops sessions revoked by a password change from the list', async () => {
    const user = await registerUser(t);
    await login(user, 'Old/1.0');
    const changed = await t
      .http()
      .post('/api/v1/auth/password/change')
      .set(authHeader(user.accessToken))
      .send({ currentPassword: user.password, newPassword: strongPassword() })
      .expect(200);
    const sessions = await list(changed.body.accessToken);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].current).toBe(true);
  });

  it('needs a signed-in caller', async () => {
    const res = await t.http().get('/api/v1/auth/sessions').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
