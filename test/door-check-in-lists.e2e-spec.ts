import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { addMember, createOnSaleEvent, OnSaleEvent, sharedAdmin } from './factories/catalog';
import { createList, scanOnline } from './factories/door';
import { buyOrder, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;
const MINUTE = 60_000;

describe('door: check-in lists, gates, time windows and re-entry', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let staff: TestUser;
  let buyer: TestUser;
  let general: Array<{ id: string; code: string }>;
  let vip: Array<{ id: string; code: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    sale = await createOnSaleEvent(t, {
      tiers: [
        { name: 'General', capacity: 50, price: 1000 },
        { name: 'VIP', capacity: 10, price: 5000 },
      ],
    });
    staff = await registerUser(t);
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    buyer = await registerUser(t);
    const order = await buyOrder(t, buyer, sale.eventId, [
      { tierId: sale.tierIds[0], quantity: 4 },
      { tierId: sale.tierIds[1], quantity: 2 },
    ]);
    const tickets = await ticketsOf(t, order.id);
    general = tickets.filter((x) => x.tier_id === sale.tierIds[0]);
    vip = tickets.filter((x) => x.tier_id === sale.tierIds[1]);
  });
  afterAll(() => t.close());

  it('owners and managers manage lists; staff read them; strangers get 404; bad tiers are 400', async () => {
    const forbidden = await t
      .http()
      .post(api(`/events/${sale.eventId}/check-in-lists`))
      .set(authHeader(staff.accessToken))
      .send({ name: 'Staff list' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');

    const other = await createOnSaleEvent(t, { owner: sale.owner });
    const foreign = await t
      .http()
      .post(api(`/events/${sale.eventId}/check-in-lists`))
      .set(authHeader(sale.token))
      .send({ name: 'Mixed', tierIds: [other.tierIds[0]] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('VALIDATION_FAILED');
    expect(foreign.body.details.fields[0].field).toBe('tierIds');

    const list = await createList(t, sale.owner, sale.eventId, { name: 'Side door', gates: ['East'] });
    const read = await t
      .http()
      .get(api(`/events/${sale.eventId}/check-in-lists`))
      .set(authHeader(staff.accessToken))
      .expect(200);
    expect(read.body.map((l: { id: string }) => l.id)).toContain(list.id);
    const stranger = await registerUser(t);
    await t
      .http()
      .get(api(`/check-in-lists/${list.id}`))
      .set(authHeader(stranger.accessToken))
      .expect(404);

    const patched = await t
      .http()
      .patch(api(`/check-in-lists/${list.id}`))
      .set(authHeader(sale.token))
      .send({ name: 'Side door (east)', allowReentry: true })
      .expect(200);
    expect(patched.body).toMatchObject({ name: 'Side door (east)', allowReentry: true, gates: ['East'] });
    await t
      .http()
      .delete(api(`/check-in-lists/${list.id}`))
      .set(authHeader(staff.accessToken))
      .expect(403);
    await t
      .http()
      .delete(api(`/check-in-lists/${list.id}`))
      .set(authHeader(sale.token))
      .expect(204);
    await t
      .http()
      .get(api(`/check-in-lists/${list.id}`))
      .set(authHeader(sale.token))
      .expect(404);
    const gone = await scanOnline(t, staff, sale.eventId, list.id, general[3].code);
    expect(gone.status).toBe(404);
    const [audit] = await t.dataSource.query(
      `SELECT array_agg(action ORDER BY created_at) AS actions FROM audit_entries WHERE entity_id = $1`,
      [list.id],
    );
    expect(audit.actions).toEqual([
      'check_in_list.created',
      'check_in_list.updated',
      'check_in_list.deleted',
    ]);
  });

  it('refuses a ticket outside the list tiers, gates or time window, each with its own code', async () => {
    const vipOnly = await createList(t, sale.owner, sale.eventId, {
      name: 'VIP lounge',
      tierIds: [sale.tierIds[1]],
      gates: ['Lounge'],
    });
    const offTier = await scanOnline(t, staff, sale.eventId, vipOnly.id, general[0].code, 'Lounge');
    expect(offTier.status).toBe(409);
    expect(offTier.body).toMatchObject({ code: 'TICKET_NOT_ON_LIST', details: { tierId: sale.tierIds[0] } });
    const wrongGate = await scanOnline(t, staff, sale.eventId, vipOnly.id, vip[0].code, 'Kitchen');
    expect(wrongGate.status).toBe(409);
    expect(wrongGate.body.code).toBe('GATE_NOT_ON_LIST');
    const ok = await scanOnline(t, staff, sale.eventId, vipOnly.id, vip[0].code, 'Lounge').expect(200);
    expect(ok.body).toMatchObject({
      ticketId: vip[0].id,
      tierName: 'VIP',
      direction: 'entry',
      gate: 'Lounge',
    });

    const later = await createList(t, sale.owner, sale.eventId, {
      name: 'Afterparty',
      validFrom: new Date(Date.now() + 60 * MINUTE).toISOString(),
    });
    const early = await scanOnline(t, staff, sale.eventId, later.id, vip[1].code);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CHECK_IN_LIST_CLOSED', details: { validUntil: null } });
    t.clock.advance(61 * MINUTE);
    try {
      await scanOnline(t, staff, sale.eventId, later.id, vip[1].code).expect(200);
    } finally {
      t.clock.reset();
    }
    const log = await t
      .http()
      .get(api(`/check-in-lists/${later.id}/scans`))
      .set(authHeader(staff.accessToken))
      .expect(200);
    expect(log.body.items.map((s: { outcome: string }) => s.outcome)).toEqual(['entry', 'outside_window']);
  });

  it('a ticket admitted on one list may enter another list once; the ticket is checked in at its first entry', async () => {
    const main = await createList(t, sale.owner, sale.eventId, { name: 'Main' });
    const balcony = await createList(t, sale.owner, sale.eventId, { name: 'Balcony' });
    const first = await scanOnline(t, staff, sale.eventId, main.id, general[1].code).expect(200);
    await scanOnline(t, staff, sale.eventId, balcony.id, general[1].code).expect(200);
    const again = await scanOnline(t, staff, sale.eventId, main.id, general[1].code);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'ALREADY_CHECKED_IN',
      details: { checkedInAt: first.body.checkedInAt, checkedInBy: staff.id },
    });
    const ticket = await t
      .http()
      .get(api(`/tickets/${general[1].id}`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(ticket.body).toMatchObject({ status: 'checked_in', checkedInAt: first.body.checkedInAt });
  });

  it('with re-entry, scans alternate entry and exit and the statistics show who is inside now', async () => {
    const yard = await createList(t, sale.owner, sale.eventId, { name: 'Smoking yard', allowReentry: true });
    const directions = [];
    for (let i = 0; i < 3; i++) {
      const res = await scanOnline(t, staff, sale.eventId, yard.id, general[2].code).expect(200);
      directions.push([res.body.direction, res.body.inside]);
    }
    expect(directions).toEqual([
      ['entry', true],
      ['exit', false],
      ['entry', true],
    ]);
    await scanOnline(t, staff, sale.eventId, yard.id, vip[1].code).expect(200);
    await scanOnline(t, staff, sale.eventId, yard.id, vip[1].code).expect(200);
    const stats = await t
      .http()
      .get(api(`/check-in-lists/${yard.id}`))
      .set(authHeader(staff.accessToken))
      .expect(200);
    expect(stats.body.stats).toEqual({ expected: 6, checkedIn: 2, insideNow: 1 });
  });

  it('validates the body: a list id is required and unknown lists are 404', async () => {
    const missing = await t
      .http()
      .post(api(`/events/${sale.eventId}/check-ins`))
      .set(authHeader(staff.accessToken))
      .send({ code: general[0].code });
    expect(missing.status).toBe(400);
    expect(missing.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['listId']);
    const unknown = await scanOnline(t, staff, sale.eventId, randomUUID(), general[0].code);
    expect(unknown.status).toBe(404);
    const admin = await sharedAdmin(t);
    const otherEvent = await createOnSaleEvent(t, { owner: sale.owner });
    const otherList = await createList(t, admin, otherEvent.eventId);
    const crossed = await scanOnline(t, staff, sale.eventId, otherList.id, general[0].code);
    expect(crossed.status).toBe(404);
  });
});
