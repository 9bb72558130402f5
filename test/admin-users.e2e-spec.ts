import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './app';
import {
  authHeader,
  createAdmin,
  loginAs,
  registerUser,
  strongPassword,
  TestUser,
  uniqueEmail,
} from './factories/users';

describe('admin: users and roles', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const patch = (id: string, body: object, token = admin.accessToken) =>
    t.http().patch(`/api/v1/admin/users/${id}`).set(authHeader(token)).send(body);

  it('gives a customer 403 on an admin route and an anonymous caller 401', async () => {
    const customer = await registerUser(t);
    const res = await t.http().get('/api/v1/admin/users').set(authHeader(customer.accessToken)).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await patch(customer.id, { role: 'admin' }, customer.accessToken).expect(403);
    expect((await t.http().get('/api/v1/admin/users').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('lists users with filters, never exposing secrets', async () => {
    const tag = `filter${Date.now().toString(36)}`;
    const a = await registerUser(t, { email: uniqueEmail(`${tag}-a`) });
    await registerUser(t, { email: uniqueEmail(`${tag}-b`) });
    await patch(a.id, { role: 'promoter' }).expect(200);

    const all = await t
      .http()
      .get('/api/v1/admin/users')
      .query({ email: tag.toUpperCase() })
      .set(authHeader(admin.accessToken))
      .expect(200);
    expect(all.body).toMatchObject({ total: 2, limit: 20, offset: 0, hasNext: false });
    for (const item of all.body.items) {
      expect(Object.keys(item).sort()).toEqual([
        'createdAt',
        'email',
        'emailVerified',
        'id',
        'locale',
        'name',
        'role',
        'status',
        'updatedAt',
      ]);
    }

    const promoters = await t
      .http()
      .get('/api/v1/admin/users')
      .query({ email: tag, role: 'promoter', limit: 1 })
      .set(authHeader(admin.accessToken))
      .expect(200);
    expect(promoters.body.items.map((u: { id: string }) => u.id)).toEqual([a.id]);

    await t
      .http()
      .get('/api/v1/admin/users')
      .query({ role: 'superuser' })
      .set(authHeader(admin.accessToken))
      .expect(400);
  });

  it('treats LIKE wildcards in the email filter literally', async () => {
    const res = await t
      .http()
      .get('/api/v1/admin/users')
      .query({ email: '%' })
      .set(authHeader(admin.accessToken))
      .expect(200);
    expect(res.body.total).toBe(0);
  });

  it('changes a role, audited with before and after, effective on the current token', async () => {
    const user = await registerUser(t);
    const res = await patch(user.id, { role: 'admin' }).expect(200);
    expect(res.body).toMatchObject({ id: user.id, role: 'admin', status: 'active' });
    await t.http().get('/api/v1/admin/users').set(authHeader(user.accessToken)).expect(200);

    const [entry] = await t.dataSource.query(
      `SELECT actor_id, before, after FROM audit_entries WHERE entity_id = $1 AND action = 'user.role_changed'`,
      [user.id],
    );
    expect(entry).toEqual({ actor_id: admin.id, before: { role: 'customer' }, after: { role: 'admin' } });
  });

  it('disables a user: sessions revoked, login refused, and re-enabling restores sign-in', async () => {
    const user = await registerUser(t);
    await patch(user.id, { status: 'disabled' }).expect(200);

    expect(
      (await t.http().get('/api/v1/auth/me').set(authHeader(user.accessToken)).expect(401)).body.code,
    ).toBe('TOKEN_INVALID');
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
    expect(login.body.code).toBe('INVALID_CREDENTIALS');

    const [entry] = await t.dataSource.query(
      `SELECT before, after FROM audit_entries WHERE entity_id = $1 AND action = 'user.status_changed'`,
      [user.id],
    );
    expect(entry).toEqual({ before: { status: 'active' }, after: { status: 'disabled' } });

    await patch(user.id, { status: 'active' }).expect(200);
    await loginAs(t, user.email, user.password);
  });

  it('refuses to let an admin demote or disable themselves', async () => {
    expect((await patch(admin.id, { role: 'customer' }).expect(409)).body.code).toBe('CANNOT_MODIFY_SELF');
    expect((await patch(admin.id, { status: 'disabled' }).expect(409)).body.code).toBe('CANNOT_MODIFY_SELF');
    await patch(admin.id, { role: 'admin', status: 'active' }).expect(200);
  });

  it('answers 404 for an unknown user, 400 for a bad id or an unknown property', async () => {
    expect(
      (await patch('6f1d2c3b-0000-4000-8000-000000000000', { role: 'customer' }).expect(404)).body.code,
    ).toBe('NOT_FOUND');
    await patch('not-a-uuid', { role: 'customer' }).expect(400);
    const user = await registerUser(t);
    const res = await patch(user.id, { passwordHash: 'x' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('creates no first admin at boot when an admin already exists (idempotent boots)', async () => {
    const email = uniqueEmail('boot-admin');
    const env = { ADMIN_EMAIL: email, ADMIN_PASSWORD: strongPassword() };
    const boots = await Promise.all([
      createTestApp({ role: 'api', env }),
      createTestApp({ role: 'api', env }),
    ]);
    await Promise.all(boots.map((b) => b.close()));
    expect(await t.dataSource.query('SELECT id FROM users WHERE email = $1', [email])).toHaveLength(0);
  });

  describe('npm run admin:create', () => {
    const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'create-admin.js');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [cli, ...args], { env: process.env, encoding: 'utf8', timeout: 60_000 });

    // npm test builds dist first; a bare `jest` run without a build has nothing to execute.
    (existsSync(cli) ? it : it.skip)(
      'creates an admin who can sign in, and refuses a second one',
      async () => {
        const email = uniqueEmail('cli-admin');
        const password = strongPassword();
        const first = run('--email', email, '--password', password, '--name', 'Ops');
        expect(first.stderr).toBe('');
        expect(first.status).toBe(0);
        const session = await loginAs(t, email, password);
        const me = await t.http().get('/api/v1/auth/me').set(authHeader(session.accessToken)).expect(200);
        expect(me.body).toMatchObject({ email, name: 'Ops', role: 'admin' });

        const again = run('--email', email.toUpperCase(), '--password', password);
        expect(again.status).toBe(1);
        expect(again.stderr).toContain('EMAIL_TAKEN');
        expect(run('--email', uniqueEmail(), '--password', 'short').stderr).toContain('WEAK_PASSWORD');
      },
    );
  });
});
