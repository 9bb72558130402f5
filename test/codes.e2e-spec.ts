import { createTestApp, TestApp } from './app';
import { addMember, createOnSaleEvent, OnSaleEvent, sharedAdmin } from './factories/catalog';
import { CodeBody, createCode } from './factories/codes';
import { authHeader, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

/** Managing codes: who may, what a code may say, listing and exporting, bulk generation, deactivation. */
describe('codes: management', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let staff: TestUser;
  let manager: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ role: 'api' });
    sale = await createOnSaleEvent(t, { tiers: [{ name: 'Public' }, { name: 'Crew', hidden: true }] });
    [staff, manager, stranger] = [await registerUser(t), await registerUser(t), await registerUser(t)];
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    await addMember(t, sale.owner, sale.promoter.id, manager, 'manager');
  });
  afterAll(() => t.close());

  const as = (user: TestUser) => ({
    get: (path: string) => t.http().get(api(path)).set(authHeader(user.accessToken)),
    post: (path: string, body: object = {}) =>
      t.http().post(api(path)).set(authHeader(user.accessToken)).send(body),
    patch: (path: string, body: object) =>
      t.http().patch(api(path)).set(authHeader(user.accessToken)).send(body),
  });

  it('managers and admins manage codes; door staff get 403 and strangers 404 on every management route', async () => {
    const code = await createCode(t, manager, sale.eventId, { code: 'by-manager', maxUses: 5 });
    expect(code).toMatchObject({
      code: 'BY-MANAGER',
      kind: 'discount',
      discountBps: 1000,
      used: 0,
      held: 0,
      remaining: 5,
    });
    const admin = await sharedAdmin(t);
    await as(admin).get(`/codes/${code.id}`).expect(200);

    const routes = (user: TestUser) => [
      as(user).post(`/events/${sale.eventId}/codes`, { code: 'NOPE', kind: 'discount', discountBps: 100 }),
      as(user).post(`/events/${sale.eventId}/codes/bulk`, {
        prefix: 'X',
        count: 2,
        kind: 'discount',
        discountBps: 100,
      }),
      as(user).get(`/events/${sale.eventId}/codes`),
      as(user).get(`/events/${sale.eventId}/codes`).set('Accept', 'text/csv'),
      as(user).get(`/codes/${code.id}`),
      as(user).patch(`/codes/${code.id}`, { maxUses: 9 }),
      as(user).post(`/codes/${code.id}/deactivate`),
    ];
    for (const res of await Promise.all(routes(staff))) {
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    for (const res of await Promise.all(routes(stranger))) {
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await as(admin).get(`/codes/${code.id}`)).body).toMatchObject({ maxUses: 5, active: true });
  });

  it('refuses codes whose terms make no sense, and a second code with the same text in any case', async () => {
    const other = await createOnSaleEvent(t, { owner: sale.owner });
    const refused = async (body: object, field: string) => {
      const res = await as(sale.owner).post(`/events/${sale.eventId}/codes`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await refused({ code: 'NO-AMOUNT', kind: 'discount' }, 'discountBps');
    await refused({ code: 'BOTH', kind: 'discount', discountBps: 100, discountAmount: 100 }, 'discountBps');
    await refused({ code: 'ACCESS-NOTHING', kind: 'access' }, 'tierIds');
    await refused({ code: 'PRESALE-OFF', kind: 'presale', discountBps: 100 }, 'discountBps');
    await refused(
      { code: 'FOREIGN', kind: 'discount', discountBps: 100, tierIds: [other.tierIds[0]] },
      'tierIds',
    );
    await refused({ code: 'has space', kind: 'discount', discountBps: 100 }, 'code');
    await refused(
      {
        code: 'BACKWARDS',
        kind: 'discount',
        discountBps: 100,
        validFrom: '2030-02-01T00:00:00Z',
        validUntil: '2030-01-01T00:00:00Z',
      },
      'validUntil',
    );

    await createCode(t, sale.owner, sale.eventId, { code: 'Twice' });
    const again = await as(sale.owner).post(`/events/${sale.eventId}/codes`, {
      code: 'TWICE',
      kind: 'discount',
      discountBps: 5,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CODE_TAKEN', details: { code: 'TWICE' } });
    // Another event may use the same text.
    await createCode(t, sale.owner, other.eventId, { code: 'twice' });
  });

  it('lists codes by text, filtered by kind and activity, and exports them all as CSV', async () => {
    const event = await createOnSaleEvent(t, { owner: sale.owner, tiers: [{}, { hidden: true }] });
    await createCode(t, sale.owner, event.eventId, { code: 'B-DISCOUNT' });
    await createCode(t, sale.owner, event.eventId, {
      code: 'A-ACCESS',
      kind: 'access',
      discountBps: null,
      tierIds: [event.tierIds[1]],
    });
    const off = await createCode(t, sale.owner, event.eventId, {
      code: 'C-OFF',
      kind: 'presale',
      discountBps: null,
    });
    await as(sale.owner).post(`/codes/${off.id}/deactivate`).expect(200);

    const all = await as(sale.owner).get(`/events/${event.eventId}/codes`).expect(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((c: CodeBody) => c.code)).toEqual(['A-ACCESS', 'B-DISCOUNT', 'C-OFF']);
    const access = await as(sale.owner).get(`/events/${event.eventId}/codes?kind=access`).expect(200);
    expect(access.body.items.map((c: CodeBody) => c.code)).toEqual(['A-ACCESS']);
    const active = await as(sale.owner).get(`/events/${event.eventId}/codes?active=true&limit=1`).expect(200);
    expect(active.body).toMatchObject({ total: 2, limit: 1 });
    expect(active.body.items.map((c: CodeBody) => c.code)).toEqual(['A-ACCESS']);
    const inactive = await as(sale.owner).get(`/events/${event.eventId}/codes?active=false`).expect(200);
    expect(inactive.body.items.map((c: CodeBody) => c.code)).toEqual(['C-OFF']);

    const csv = await as(sale.owner)
      .get(`/events/${event.eventId}/codes`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'code,kind,discountBps,discountAmount,tierIds,maxUses,maxPerBuyer,used,held,remaining,validFrom,validUntil,active,createdAt,id',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5))).toEqual([
      ['A-ACCESS', 'access', '', '', event.tierIds[1]],
      ['B-DISCOUNT', 'discount', '1000', '', ''],
      ['C-OFF', 'presale', '', '', ''],
    ]);
    expect(lines[3].split(',')[12]).toBe('false');
  });

  it('generates single-use codes in bulk: the prefix, an unguessable suffix, all distinct', async () => {
    const event = await createOnSaleEvent(t, { owner: sale.owner });
    const res = await as(sale.owner)
      .post(`/events/${event.eventId}/codes/bulk`, {
        prefix: 'partner',
        count: 250,
        kind: 'discount',
        discountAmount: 300,
      })
      .expect(201);
    expect(res.body.count).toBe(250);
    const codes = res.body.codes as CodeBody[];
    expect(new Set(codes.map((c) => c.code)).size).toBe(250);
    for (const c of codes) {
      expect(c.code).toMatch(/^PARTNER-[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(c).toMatchObject({ kind: 'discount', discountAmount: 300, maxUses: 1, used: 0, remaining: 1 });
    }
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM promo_codes WHERE event_id = $1`,
      [event.eventId],
    );
    expect(n).toBe(250);
    const audit = await t.dataSource.query(
      `SELECT after FROM audit_entries WHERE entity_id = $1 AND action = 'code.bulk_created'`,
      [event.eventId],
    );
    expect(audit).toEqual([{ after: expect.objectContaining({ prefix: 'PARTNER', count: 250 }) }]);
    const tooMany = await as(sale.owner).post(`/events/${event.eventId}/codes/bulk`, {
      prefix: 'X',
      count: 1001,
      kind: 'presale',
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details.fields[0].field).toBe('count');
    // Single use: the first order takes it, the next is told it is used up.
    const buyer = await registerUser(t);
    const first = await t
      .http()
      .post(api('/orders'))
      .set(authHeader(buyer.accessToken))
      .send({
        eventId: event.eventId,
        items: [{ tierId: event.tierIds[0], quantity: 1 }],
        code: codes[0].code,
      })
      .expect(201);
    expect(first.body.discount).toBe(300);
    const second = await t
      .http()
      .post(api('/orders'))
      .set(authHeader((await registerUser(t)).accessToken))
      .send({
        eventId: event.eventId,
        items: [{ tierId: event.tierIds[0], quantity: 1 }],
        code: codes[0].code.toLowerCase(),
      });
    expect(second.body).toMatchObject({ code: 'CODE_EXHAUSTED', details: { reason: 'max_uses', limit: 1 } });
  });

  it('changes terms, never below the uses taken, audits each change, and deactivates', async () => {
    const code = await createCode(t, sale.owner, sale.eventId, { code: 'CHANGING', maxUses: 3 });
    const buyer = await registerUser(t);
    await t
      .http()
      .post(api('/orders'))
      .set(authHeader(buyer.accessToken))
      .send({ eventId: sale.eventId, items: [{ tierId: sale.tierIds[0], quantity: 1 }], code: 'changing' })
      .expect(201);
    const below = await as(sale.owner).patch(`/codes/${code.id}`, { maxUses: 0 });
    expect(below.status).toBe(400);
    const belowHeld = await as(manager)
      .patch(`/codes/${code.id}`, { maxUses: 1, discountBps: 2000 })
      .expect(200);
    expect(belowHeld.body).toMatchObject({ maxUses: 1, held: 1, remaining: 0, discountBps: 2000 });
    const unlimited = await as(manager).patch(`/codes/${code.id}`, { maxUses: null }).expect(200);
    expect(unlimited.body).toMatchObject({ maxUses: null, remaining: null });
    const mixed = await as(manager).patch(`/codes/${code.id}`, { discountAmount: 100 });
    expect(mixed.status).toBe(400);
    expect(mixed.body.details.fields[0].field).toBe('discountBps');

    const off = await as(sale.owner).post(`/codes/${code.id}/deactivate`).expect(200);
    expect(off.body.active).toBe(false);
    const on = await as(sale.owner).patch(`/codes/${code.id}`, { active: true }).expect(200);
    expect(on.body.active).toBe(true);
    const actions = await t.dataSource.query(
      `SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY created_at, id`,
      [code.id],
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'code.created',
      'code.updated',
      'code.updated',
      'code.updated',
      'code.updated',
    ]);
  });
});
