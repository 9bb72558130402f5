import { randomUUID } from 'node:crypto';
import { createPublicKey, verify } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { addMember, createOnSaleEvent, OnSaleEvent, sharedAdmin } from './factories/catalog';
import { buyOrder, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { createList, scanOnline } from './factories/door';

const api = (path: string) => `/api/v1${path}`;

describe('tickets: signed codes, QR, check-in and the attendee list', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let buyer: TestUser;
  let staff: TestUser;
  let tickets: Array<{ id: string; code: string; status: string; tier_id: string }>;
  let orderId: string;
  let listId: string;

  beforeAll(async () => {
    t = await createTestApp();
    sale = await createOnSaleEvent(t, { tiers: [{ capacity: 50, price: 1000 }] });
    buyer = await registerUser(t, { name: 'Grace Hopper' });
    staff = await registerUser(t);
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 4 }]);
    orderId = order.id;
    tickets = await ticketsOf(t, order.id);
    listId = (await createList(t, sale.owner, sale.eventId)).id;
  });
  afterAll(() => t.close());

  const scan = (user: TestUser, code: string, eventId = sale.eventId) =>
    scanOnline(t, user, eventId, listId, code);

  it('the owner reads a ticket with its code; strangers get 404 on the ticket, its QR and the list', async () => {
    const res = await t
      .http()
      .get(api(`/tickets/${tickets[0].id}`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(res.body).toEqual({
      id: tickets[0].id,
      orderId,
      eventId: sale.eventId,
      tierId: sale.tierIds[0],
      holderId: buyer.id,
      attendeeName: 'Grace Hopper',
      attendeeEmail: buyer.email,
      answers: [],
      status: 'valid',
      voidReason: null,
      code: tickets[0].code,
      checkedInAt: null,
      listedForResaleAt: null,
      updatedAt: expect.any(String),
    });
    const stranger = await registerUser(t);
    await t
      .http()
      .get(api(`/tickets/${tickets[0].id}`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
    await t
      .http()
      .get(api(`/tickets/${tickets[0].id}/qr`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
    await t
      .http()
      .get(api(`/tickets/${randomUUID()}`))
      .set(authHeader(buyer.accessToken))
      .expect(404);
    const list = await t
      .http()
      .get(api(`/tickets?eventId=${sale.eventId}`))
      .set(authHeader(stranger.accessToken));
    expect(list.body.total).toBe(0);
    const own = await t.http().get(api('/tickets')).set(authHeader(buyer.accessToken)).expect(200);
    expect(own.body.total).toBe(4);
    const team = await t
      .http()
      .get(api(`/tickets?eventId=${sale.eventId}`))
      .set(authHeader(staff.accessToken));
    expect(team.body.total).toBe(4);
    await t
      .http()
      .get(api(`/tickets/${tickets[0].id}`))
      .set(authHeader(staff.accessToken))
      .expect(200);
  });

  it('serves the QR as a PNG and the public keys that verify codes offline', async () => {
    const png = await t
      .http()
      .get(api(`/tickets/${tickets[0].id}/qr`))
      .set(authHeader(buyer.accessToken))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');

    const keys = await t.http().get(api('/tickets/signing-key')).expect(200);
    const bytes = Buffer.from(tickets[0].code, 'base64url');
    const key = keys.body.keys.find((k: { kid: number }) => k.kid === bytes[0]);
    const ok = verify(null, bytes.subarray(0, 49), createPublicKey(key.publicKey), bytes.subarray(49));
    expect(ok).toBe(true);
  });

  it('of 20 simultaneous scans of one ticket exactly one succeeds; the rest say when and by whom', async () => {
    const code = tickets[1].code;
    const results = await Promise.all(Array.from({ length: 20 }, () => scan(staff, code)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(ok[0].body).toMatchObject({
      ticketId: tickets[1].id,
      attendeeName: 'Grace Hopper',
      checkedInBy: staff.id,
    });
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({
        code: 'ALREADY_CHECKED_IN',
        details: { checkedInAt: ok[0].body.checkedInAt, checkedInBy: staff.id },
      });
    }
    const [audit] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE entity_id = $1 AND action = 'ticket.checked_in'`,
      [tickets[1].id],
    );
    expect(audit.n).toBe(1);
  });

  it('refuses forged and altered codes with 400 INVALID_TICKET_CODE', async () => {
    const bytes = Buffer.from(tickets[2].code, 'base64url');
    bytes[5] ^= 0xff;
    const altered = await scan(staff, bytes.toString('base64url'));
    expect(altered.status).toBe(400);
    expect(altered.body.code).toBe('INVALID_TICKET_CODE');
    expect((await scan(staff, 'definitely-not-a-ticket')).body.code).toBe('INVALID_TICKET_CODE');
  });

  it('refuses a ticket of another event, and strangers cannot scan', async () => {
    const other = await createOnSaleEvent(t, { owner: sale.owner });
    const wrong = await scan(sale.owner, tickets[2].code, other.eventId);
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('TICKET_WRONG_EVENT');
    const stranger = await registerUser(t);
    expect((await scan(stranger, tickets[2].code)).status).toBe(404);
  });

  it('refuses a void (refunded) ticket with its reason', async () => {
    const admin = await sharedAdmin(t);
    await t
      .http()
      .post(api(`/orders/${orderId}/refunds`))
      .set(authHeader(admin.accessToken))
      .send({ ticketIds: [tickets[3].id] })
      .expect(201);
    const res = await scan(staff, tickets[3].code);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'TICKET_VOID', details: { reason: 'refunded' } });
  });

  it('lists attendees as JSON and as streamed CSV for the team, 404 for strangers', async () => {
    const json = await t
      .http()
      .get(api(`/events/${sale.eventId}/attendees`))
      .set(authHeader(staff.accessToken))
      .expect(200);
    expect(json.body.total).toBe(4);
    expect(json.body.items[0]).toMatchObject({ attendeeName: 'Grace Hopper', attendeeEmail: buyer.email });
    const csv = await t
      .http()
      .get(api(`/events/${sale.eventId}/attendees`))
      .set(authHeader(sale.token))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('ticketId,orderId,tierId,tierName,attendeeName,attendeeEmail,status,checkedInAt');
    expect(lines).toHaveLength(5);
    expect(csv.text).toContain('checked_in');
    const stranger = await registerUser(t);
    await t
      .http()
      .get(api(`/events/${sale.eventId}/attendees`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
  });
});
