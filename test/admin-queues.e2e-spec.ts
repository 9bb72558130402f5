import { JwtService } from '@nestjs/jwt';
import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import {
  QUEUE_SESSION_AUDIENCE,
  QUEUE_SESSION_COOKIE,
} from '../src/insight/admin-queues/queue-session-cookie';
import { JWT_ISSUER } from '../src/accounts/auth/access-token.service';
import { QueueName } from '../src/platform/jobs/queues';
import { createTestApp, TestApp } from './app';
import { authHeader, createAdmin, registerUser, TestUser } from './factories/users';

const DASHBOARD = '/admin/queues';
const QUEUES_API = '/admin/queues/api/queues';

/** The `name=value` pair of the session cookie from a Set-Cookie answer, ready for a Cookie header. */
function sessionCookie(setCookie: string[] | string | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith(`${QUEUE_SESSION_COOKIE}=`));
  if (!found) throw new Error(`no ${QUEUE_SESSION_COOKIE} cookie in ${JSON.stringify(all)}`);
  return found.split(';')[0];
}

describe('admin queue dashboard (bull-board at /admin/queues)', () => {
  let t: TestApp;
  let admin: TestUser;
  let jwt: JwtService;

  // API only: no processors run, so a job the test fails stays failed until the dashboard retries it.
  beforeAll(async () => {
    t = await createTestApp({ role: 'api' });
    admin = await createAdmin(t);
    jwt = new JwtService({ secret: t.config.auth.jwtSecret });
  });
  afterAll(() => t.close());

  async function openSession(user: TestUser): Promise<string> {
    const res = await t.http().post('/api/v1/admin/queues/session').set(authHeader(user.accessToken));
    expect(res.status).toBe(201);
    return sessionCookie(res.headers['set-cookie']);
  }

  it('answers 401 in the error shape without credentials', async () => {
    const page = await t.http().get(DASHBOARD);
    expect(page.status).toBe(401);
    expect(page.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect(page.body.requestId).toEqual(expect.any(String));
    expect(page.body.message).toContain('/api/v1/admin/queues/session');
    expect((await t.http().get(QUEUES_API)).status).toBe(401);
    expect((await t.http().get(`${DASHBOARD}/static/css/x.css`)).status).toBe(401);
    expect((await t.http().post('/api/v1/admin/queues/session')).status).toBe(401);
  });

  it('refuses a customer: no session cookie, and 403 on the dashboard with their token', async () => {
    const customer = await registerUser(t);
    const res = await t.http().post('/api/v1/admin/queues/session').set(authHeader(customer.accessToken));
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
    const page = await t.http().get(QUEUES_API).set(authHeader(customer.accessToken));
    expect(page.status).toBe(403);
    expect(page.body.code).toBe('FORBIDDEN');
  });

  it('gives an admin a short-lived HttpOnly, SameSite=Strict cookie scoped to the dashboard, and audits it', async () => {
    const res = await t.http().post('/api/v1/admin/queues/session').set(authHeader(admin.accessToken));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ dashboardUrl: '/admin/queues', expiresAt: expect.any(String) });
    const setCookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith(`${QUEUE_SESSION_COOKIE}=`),
    );
    expect(setCookie).toMatch(/; Path=\/admin\/queues(;|$)/);
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Strict(;|$)/);
    expect(setCookie).not.toMatch(/Secure/); // only in production
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(600);
    const [entry] = await t.dataSource.query(
      `SELECT actor_id, entity_id FROM audit_entries WHERE action = 'admin.queue_session_issued' AND actor_id = $1`,
      [admin.id],
    );
    expect(entry).toEqual({ actor_id: admin.id, entity_id: admin.id });
  });

  it('serves the dashboard page and lists every queue to the cookie holder', async () => {
    const cookie = await openSession(admin);
    const page = await t.http().get(DASHBOARD).set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain('https://fonts.googleapis.com');

    const api = await t.http().get(QUEUES_API).set('Cookie', cookie);
    expect(api.status).toBe(200);
    const names = (api.body.queues as Array<{ name: string }>).map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QueueName).sort());
  });

  it('also accepts an admin bearer token (for scripts)', async () => {
    const api = await t.http().get(QUEUES_API).set(authHeader(admin.accessToken));
    expect(api.status).toBe(200);
    expect(api.body.queues).toHaveLength(Object.values(QueueName).length);
  });

  it('refuses a tampered, an expired, or a wrong-audience token with 401', async () => {
    const cookie = await openSession(admin);
    const [name, token] = cookie.split('=');
    const [head, body, signature] = token.split('.');
    const tampered = `${name}=${head}.${body}.${signature.slice(0, -4)}AAAA`;
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign(
      { sub: admin.id, jti: randomUUID(), iat: now - 700, exp: now - 100 },
      { issuer: JWT_ISSUER, audience: QUEUE_SESSION_AUDIENCE },
    );
    for (const bad of [tampered, `${name}=${expired}`, `${name}=${admin.accessToken}`, `${name}=garbage`]) {
      const res = await t.http().get(QUEUES_API).set('Cookie', bad);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
    }
    const expiredRes = await t.http().get(DASHBOARD).set('Cookie', `${name}=${expired}`);
    expect(expiredRes.body.details).toEqual({ reason: 'expired' });
    // The session token is not an access token either.
    expect((await t.http().get('/api/v1/auth/me').set(authHeader(token))).status).toBe(401);
    expect((await t.http().get(QUEUES_API).set(authHeader(token))).status).toBe(401);
  });

  it('closes the session when the admin logs out or loses the role', async () => {
    const other = await createAdmin(t);
    const cookie = await openSession(other);
    expect((await t.http().get(QUEUES_API).set('Cookie', cookie)).status).toBe(200);
    const setRole = (role: string) =>
      t
        .http()
        .patch(`/api/v1/admin/users/${other.id}`)
        .set(authHeader(admin.accessToken))
        .send({ role })
        .expect(200);
    await setRole('customer');
    expect((await t.http().get(QUEUES_API).set('Cookie', cookie)).status).toBe(403);
    await setRole('admin');
    expect((await t.http().get(QUEUES_API).set('Cookie', cookie)).status).toBe(200);
    const out = await t.http().post('/api/v1/auth/logout').set(authHeader(other.accessToken)).send({});
    expect(out.status).toBe(204);
    expect((await t.http().get(QUEUES_API).set('Cookie', cookie)).status).toBe(401);
  });

  it('inspects and retries a failed job, and audits the retry', async () => {
    const cookie = await openSession(admin);
    const connection = { url: t.config.redis.url };
    const queue = new Queue(QueueName.Notifications, { connection });
    // A worker without a processor: the test takes the job and fails it by hand.
    const worker = new Worker(QueueName.Notifications, null, { connection });
    try {
      // LIFO puts the probe at the head of the wait list, so the worker takes it before any other job.
      const job = await queue.add('dashboard-probe', { probe: true }, { attempts: 1, lifo: true });
      const token = randomUUID();
      const taken = await worker.getNextJob(token);
      expect(taken?.id).toBe(job.id);
      await taken!.moveToFailed(new Error('probe failure'), token, false);

      const inspect = await t
        .http()
        .get(`${QUEUES_API}/${QueueName.Notifications}/${job.id}`)
        .set('Cookie', cookie);
      expect(inspect.status).toBe(200);
      expect(inspect.body.status).toBe('failed');
      expect(inspect.body.job).toMatchObject({ name: 'dashboard-probe', failedReason: 'probe failure' });

      const retry = await t
        .http()
        .put(`${QUEUES_API}/${QueueName.Notifications}/${job.id}/retry`)
        .set('Cookie', cookie);
      expect(retry.status).toBe(204);
      const [audit] = await t.dataSource.query(
        `SELECT entity_type, entity_id, after FROM audit_entries WHERE action = 'admin.queue_action' AND actor_id = $1`,
        [admin.id],
      );
      expect(audit).toEqual({
        entity_type: 'queue',
        entity_id: QueueName.Notifications,
        after: { method: 'PUT', path: `/api/queues/${QueueName.Notifications}/${job.id}/retry` },
      });
      expect(await (await queue.getJob(job.id!))!.getState()).toBe('waiting');
      await (await queue.getJob(job.id!))!.remove();
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
