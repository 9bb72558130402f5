import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { createTestApp, TestApp } from './app';
import { createApiKey, keyHeader, TestApiKey } from './factories/api-keys';
import { addMember, createEvent, createOnSaleEvent, eventBody, OnSaleEvent } from './factories/catalog';
import { createList, TestList } from './factories/door';
import { buyOrder, OrderBody, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;
const KEY_LIMIT_PER_MINUTE = 40;
const ALL_SCOPES = [
  'events:read',
  'events:write',
  'orders:read',
  'attendees:read',
  'checkin:write',
  'reports:read',
];

/**
 * Promoter API keys: created by owners and managers with scopes, shown once, stored hashed; a second credential
 * that acts for its promoter only, on the routes of its scopes, never on admin, account or key routes; revoked at
 * once; rate-limited per key; last use noted at most once a minute; creation and revocation audited.
 */
describe('promoter API keys', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let other: OnSaleEvent;
  let buyer: TestUser;
  let order: OrderBody;
  let otherOrder: OrderBody;
  let list: TestList;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_API_KEY_PER_MINUTE: String(KEY_LIMIT_PER_MINUTE) } });
    sale = await createOnSaleEvent(t, { tiers: [{ capacity: 50, price: 1000 }] });
    other = await createOnSaleEvent(t);
    buyer = await registerUser(t, { name: 'Ada Lovelace' });
    order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    otherOrder = await buyOrder(t, buyer, other.eventId, [{ tierId: other.tierIds[0], quantity: 1 }]);
    list = await createList(t, sale.owner, sale.eventId);
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  const key = (scopes: string[], name?: string) =>
    createApiKey(t, sale.owner, sale.promoter.id, scopes, name);
  const keyRow = async (id: string) =>
    (
      (await t.dataSource.query(
        `SELECT prefix, secret_hash, last_used_at, revoked_at FROM api_keys WHERE id = $1`,
        [id],
      )) as Array<{ prefix: string; secret_hash: string; last_used_at: Date | null; revoked_at: Date | null }>
    )[0];

  /** One request per scope that a key with that scope may make, against `sale`. */
  const probes: Record<string, (k: TestApiKey) => Test> = {
    'events:read': (k) =>
      t
        .http()
        .get(api(`/promoters/${sale.promoter.id}/events`))
        .set(keyHeader(k.token)),
    'events:write': (k) =>
      t
        .http()
        .patch(api(`/events/${sale.eventId}`))
        .set(keyHeader(k.token))
        .send({ description: 'Doors at seven.' }),
    'orders:read': (k) => t.http().get(api('/orders')).set(keyHeader(k.token)),
    'attendees:read': (k) =>
      t
        .http()
        .get(api(`/events/${sale.eventId}/attendees`))
        .set(keyHeader(k.token)),
    'checkin:write': (k) =>
      t
        .http()
        .get(api(`/events/${sale.eventId}/check-in-lists`))
        .set(keyHeader(k.token)),
    'reports:read': (k) =>
      t
        .http()
        .get(api(`/events/${sale.eventId}/reports/sales`))
        .set(keyHeader(k.token)),
  };

  describe('managing keys', () => {
    it('shows the token once, keeps only its hash, and lists keys without it', async () => {
      const created = await key(['events:read', 'orders:read'], 'Box office sync');
      expect(created).toEqual({
        id: expect.any(String),
        promoterId: sale.promoter.id,
        name: 'Box office sync',
        prefix: expect.stringMatching(/^tvk_[0-9a-f]{16}$/),
        scopes: ['events:read', 'orders:read'],
        createdBy: sale.owner.id,
        lastUsedAt: null,
        revokedAt: null,
        createdAt: expect.any(String),
        token: expect.stringMatching(/^tvk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
      });
      expect(created.token.startsWith(`${created.prefix}_`)).toBe(true);

      const row = await keyRow(created.id);
      const secret = created.token.slice(created.prefix.length + 1);
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.secret_hash).not.toContain(secret);
      const stored = JSON.stringify(
        await t.dataSource.query(`SELECT * FROM api_keys WHERE id = $1`, [created.id]),
      );
      expect(stored).not.toContain(secret);

      const listed = await t
        .http()
        .get(api(`/promoters/${sale.promoter.id}/api-keys?limit=100`))
        .set(authHeader(sale.owner.accessToken))
        .expect(200);
      const item = listed.body.items.find((k: { id: string }) => k.id === created.id);
      const { token: _token, ...withoutToken } = created;
      expect(item).toEqual(withoutToken);
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(JSON.stringify(listed.body)).not.toMatch(/secretHash|secret_hash|"token"/);
    });

    it('lets owners and managers manage keys; staff get 403, strangers 404, bad input 400', async () => {
      const manager = await registerUser(t);
      const staff = await registerUser(t);
      const stranger = await registerUser(t);
      await addMember(t, sale.owner, sale.promoter.id, manager, 'manager');
      await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
      const byManager = await createApiKey(t, manager, sale.promoter.id, ['reports:read']);
      expect(byManager.createdBy).toBe(manager.id);

      const post = (user: TestUser, body: object, promoterId = sale.promoter.id) =>
        t
          .http()
          .post(api(`/promoters/${promoterId}/api-keys`))
          .set(authHeader(user.accessToken))
          .send(body);
      const forbidden = await post(staff, { name: 'x', scopes: ['events:read'] }).expect(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
      expect((await post(stranger, { name: 'x', scopes: ['events:read'] }).expect(404)).body.code).toBe(
        'NOT_FOUND',
      );
      await t
        .http()
        .get(api(`/promoters/${sale.promoter.id}/api-keys`))
        .set(authHeader(stranger.accessToken))
        .expect(404);
      await t
        .http()
        .get(api(`/promoters/${sale.promoter.id}/api-keys`))
        .set(authHeader(staff.accessToken))
        .expect(403);
      await t
        .http()
        .delete(api(`/promoters/${sale.promoter.id}/api-keys/${byManager.id}`))
        .set(authHeader(stranger.accessToken))
        .expect(404);

      const before = Number((await t.dataSource.query(`SELECT count(*) AS n FROM api_keys`))[0].n);
      for (const body of [
        { name: 'x', scopes: ['admin'] },
        { name: 'x', scopes: [] },
        { name: 'x', scopes: ['events:read', 'events:read'] },
        { name: '   ', scopes: ['events:read'] },
        { scopes: ['events:read'] },
        { name: 'x', scopes: ['events:read'], promoterId: other.promoter.id },
      ]) {
        const res = await post(sale.owner, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM api_keys`))[0].n)).toBe(before);
    });

    it('audits creation and revocation with the member who did it', async () => {
      const created = await key(['events:read']);
      await t
        .http()
        .delete(api(`/promoters/${sale.promoter.id}/api-keys/${created.id}`))
        .set(authHeader(sale.owner.accessToken))
        .set('User-Agent', 'key-admin-test')
        .expect(200);
      const rows = (await t.dataSource.query(
        `SELECT actor_id, action, entity_type, after FROM audit_entries WHERE entity_id = $1 ORDER BY created_at`,
        [created.id],
      )) as Array<{ actor_id: string; action: string; entity_type: string; after: Record<string, unknown> }>;
      expect(rows.map((r) => [r.action, r.actor_id, r.entity_type])).toEqual([
        ['api_key.created', sale.owner.id, 'api_key'],
        ['api_key.revoked', sale.owner.id, 'api_key'],
      ]);
      expect(rows[0].after).toMatchObject({
        promoterId: sale.promoter.id,
        prefix: created.prefix,
        scopes: ['events:read'],
      });
      expect(JSON.stringify(rows)).not.toContain(created.token);
    });
  });

  describe('authenticating with a key', () => {
    it('lets each scope call its routes and refuses the others with 403 API_KEY_SCOPE_MISSING', async () => {
      for (const scope of ALL_SCOPES) {
        const k = await key([scope]);
        for (const [probeScope, probe] of Object.entries(probes)) {
          const res = await probe(k);
          if (probeScope === scope) {
            expect([scope, res.status]).toEqual([scope, 200]);
          } else {
            expect([scope, probeScope, res.status, res.body.code]).toEqual([
              scope,
              probeScope,
              403,
              'API_KEY_SCOPE_MISSING',
            ]);
            expect(res.body.details).toEqual({ requiredScope: probeScope, keyScopes: [scope] });
          }
        }
      }
    });

    it('acts for its promoter: its orders, attendees, check-ins and events, in either header', async () => {
      const k = await key(ALL_SCOPES);
      const orders = await t.http().get(api('/orders')).set(authHeader(k.token)).expect(200);
      expect(orders.body.items.map((o: { id: string }) => o.id)).toContain(order.id);
      expect(orders.body.items.map((o: { id: string }) => o.id)).not.toContain(otherOrder.id);
      expect(orders.body.items.every((o: { eventId: string }) => o.eventId === sale.eventId)).toBe(true);
      const one = await t
        .http()
        .get(api(`/orders/${order.id}`))
        .set(keyHeader(k.token))
        .expect(200);
      expect(one.body).toMatchObject({ id: order.id, buyerId: buyer.id, status: 'paid' });

      const attendees = await t
        .http()
        .get(api(`/events/${sale.eventId}/attendees`))
        .set(keyHeader(k.token))
        .expect(200);
      expect(attendees.body.total).toBe(2);

      const [ticket] = await ticketsOf(t, order.id);
      const scan = await t
        .http()
        .post(api(`/events/${sale.eventId}/check-ins`))
        .set(keyHeader(k.token))
        .send({ code: ticket.code, listId: list.id })
        .expect(200);
      expect(scan.body).toMatchObject({ ticketId: ticket.id, listId: list.id, checkedInBy: k.id });
      expect((await ticketsOf(t, order.id))[0].status).toBe('checked_in');

      const created = await t
        .http()
        .post(api('/events'))
        .set(keyHeader(k.token))
        .send(eventBody(sale.promoter.id))
        .expect(201);
      const draft = await t
        .http()
        .get(api(`/events/${created.body.id}`))
        .set(keyHeader(k.token))
        .expect(200);
      expect(draft.body.status).toBe('draft');
      // Changes a key makes are audited with the key as the actor.
      const audit = (await t.dataSource.query(
        `SELECT actor_id FROM audit_entries WHERE entity_id = $1 AND action = 'event.created'`,
        [created.body.id],
      )) as Array<{ actor_id: string }>;
      expect(audit.map((a) => a.actor_id)).toEqual([k.id]);
    });

    it("answers 404 for another promoter's objects, as to any stranger", async () => {
      const k = await key(ALL_SCOPES);
      const otherDraft = await createEvent(t, other.promoter);
      const notFound = async (req: Test) => {
        const res = await req;
        expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      };
      await notFound(
        t
          .http()
          .get(api(`/promoters/${other.promoter.id}/events`))
          .set(keyHeader(k.token)),
      );
      await notFound(
        t
          .http()
          .get(api(`/promoters/${other.promoter.id}`))
          .set(keyHeader(k.token)),
      );
      await notFound(
        t
          .http()
          .get(api(`/orders/${otherOrder.id}`))
          .set(keyHeader(k.token)),
      );
      await notFound(
        t
          .http()
          .get(api(`/orders?promoterId=${other.promoter.id}`))
          .set(keyHeader(k.token)),
      );
      await notFound(
        t
          .http()
          .get(api(`/events/${other.eventId}/attendees`))
          .set(keyHeader(k.token)),
      );
      await notFound(
        t
          .http()
          .get(api(`/events/${other.eventId}/reports/sales`))
          .set(keyHeader(k.token)),
      );
      await notFound(
        t
          .http()
          .patch(api(`/events/${other.eventId}`))
          .set(keyHeader(k.token))
          .send({ description: 'taken over' }),
      );
      await notFound(
        t
          .http()
          .get(api(`/events/${otherDraft.id}`))
          .set(keyHeader(k.token)),
      );
      await notFound(
        t.http().post(api('/events')).set(keyHeader(k.token)).send(eventBody(other.promoter.id)),
      );
      const [otherTicket] = await ticketsOf(t, otherOrder.id);
      const scan = await t
        .http()
        .post(api(`/events/${other.eventId}/check-ins`))
        .set(keyHeader(k.token))
        .send({ code: otherTicket.code, listId: list.id });
      expect([scan.status, scan.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await ticketsOf(t, otherOrder.id))[0].status).toBe('valid');
      const filtered = await t
        .http()
        .get(api(`/orders?eventId=${other.eventId}`))
        .set(keyHeader(k.token))
        .expect(200);
      expect(filtered.body.total).toBe(0);
    });

    it('is never accepted on admin, account, key-management or buyer routes', async () => {
      const k = await key(ALL_SCOPES);
      const refused = async (req: Test) => {
        const res = await req;
        expect([res.status, res.body.code]).toEqual([403, 'API_KEY_NOT_ACCEPTED']);
      };
      await refused(t.http().get(api('/admin/users')).set(keyHeader(k.token)));
      await refused(t.http().get(api('/admin/audit-log')).set(authHeader(k.token)));
      await refused(t.http().get(api('/admin/reports/overview')).set(keyHeader(k.token)));
      await refused(
        t
          .http()
          .post(api(`/admin/promoters/${sale.promoter.id}/suspend`))
          .set(keyHeader(k.token))
          .send({}),
      );
      await refused(t.http().get(api('/auth/me')).set(keyHeader(k.token)));
      await refused(
        t
          .http()
          .get(api(`/promoters/${sale.promoter.id}/api-keys`))
          .set(keyHeader(k.token)),
      );
      await refused(
        t
          .http()
          .post(api(`/promoters/${sale.promoter.id}/api-keys`))
          .set(keyHeader(k.token))
          .send({ name: 'escalate', scopes: ['events:read'] }),
      );
      await refused(
        t
          .http()
          .post(api(`/promoters/${sale.promoter.id}/members`))
          .set(keyHeader(k.token))
          .send({ email: buyer.email, role: 'owner' }),
      );
      await refused(
        t
          .http()
          .post(api(`/events/${sale.eventId}/cancel`))
          .set(keyHeader(k.token))
          .send({ reason: 'no' }),
      );
      await refused(
        t
          .http()
          .post(api('/orders'))
          .set(keyHeader(k.token))
          .send({ eventId: sale.eventId, items: [{ tierId: sale.tierIds[0], quantity: 1 }] }),
      );
      // Public routes ignore the credential altogether.
      await t.http().get(api('/events')).set(keyHeader(k.token)).expect(200);
    });

    it('refuses malformed, unknown and revoked keys with 401, and revokes at once', async () => {
      const k = await key(['orders:read']);
      const get = (token: string) => t.http().get(api('/orders')).set(keyHeader(token));
      expect((await get(k.token).expect(200)).status).toBe(200);
      const wrongSecret = `${k.prefix}_${'A'.repeat(43)}`;
      for (const bad of ['tvk_nope', `tvk_${'0'.repeat(16)}_${'A'.repeat(43)}`, wrongSecret, `${k.token}x`]) {
        const res = await get(bad).expect(401);
        expect(res.body.code).toBe('API_KEY_INVALID');
      }
      const bearerBad = await t.http().get(api('/orders')).set(authHeader('tvk_nope')).expect(401);
      expect(bearerBad.body.code).toBe('API_KEY_INVALID');

      const revoked = await t
        .http()
        .delete(api(`/promoters/${sale.promoter.id}/api-keys/${k.id}`))
        .set(authHeader(sale.owner.accessToken))
        .expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const res = await get(k.token).expect(401);
      expect(res.body.code).toBe('API_KEY_REVOKED');
      const again = await t
        .http()
        .delete(api(`/promoters/${sale.promoter.id}/api-keys/${k.id}`))
        .set(authHeader(sale.owner.accessToken))
        .expect(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
      // Another promoter's owner cannot revoke (or see) this promoter's keys, even with the key id.
      await t
        .http()
        .delete(api(`/promoters/${other.promoter.id}/api-keys/${k.id}`))
        .set(authHeader(other.owner.accessToken))
        .expect(404);
      await t
        .http()
        .delete(api(`/promoters/${sale.promoter.id}/api-keys/${randomUUID()}`))
        .set(authHeader(sale.owner.accessToken))
        .expect(404);
    });

    it('notes the last use at most once a minute', async () => {
      const k = await key(['reports:read']);
      expect((await keyRow(k.id)).last_used_at).toBeNull();
      await probes['reports:read'](k).expect(200);
      const first = (await keyRow(k.id)).last_used_at;
      expect(first).toBeInstanceOf(Date);

      t.clock.advance(30_000);
      await probes['reports:read'](k).expect(200);
      expect((await keyRow(k.id)).last_used_at).toEqual(first);

      t.clock.advance(31_000);
      await probes['reports:read'](k).expect(200);
      const later = (await keyRow(k.id)).last_used_at;
      expect(later!.getTime()).toBeGreaterThanOrEqual(first!.getTime() + 60_000);

      const listed = await t
        .http()
        .get(api(`/promoters/${sale.promoter.id}/api-keys?limit=100`))
        .set(authHeader(sale.owner.accessToken))
        .expect(200);
      const item = listed.body.items.find((i: { id: string }) => i.id === k.id);
      expect(new Date(item.lastUsedAt).getTime()).toBe(later!.getTime());
    });

    it('is rate-limited per key with 429 RATE_LIMITED and the rate-limit headers', async () => {
      const k = await key(['events:read']);
      const sibling = await key(['events:read']);
      const get = (token: string) =>
        t
          .http()
          .get(api(`/promoters/${sale.promoter.id}/events`))
          .set(keyHeader(token));
      for (let i = 0; i < KEY_LIMIT_PER_MINUTE; i++) await get(k.token).expect(200);
      const res = await get(k.token).expect(429);
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(res.body.details).toMatchObject({
        policy: 'api-key',
        limit: KEY_LIMIT_PER_MINUTE,
        windowSeconds: 60,
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.headers['ratelimit-policy']).toBe(`"api-key";q=${KEY_LIMIT_PER_MINUTE};w=60`);
      expect(res.headers.ratelimit).toMatch(/^"api-key";r=0;t=\d+$/);
      // Another key of the same promoter, and the members themselves, have their own budgets.
      const ok = await get(sibling.token).expect(200);
      expect(ok.headers.ratelimit).toMatch(new RegExp(`^"api-key";r=${KEY_LIMIT_PER_MINUTE - 1};t=\\d+$`));
      await t
        .http()
        .get(api(`/promoters/${sale.promoter.id}/events`))
        .set(authHeader(sale.owner.accessToken))
        .expect(200);
    });
  });
});
