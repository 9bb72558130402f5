import { randomUUID } from 'node:crypto';
import { createTestApp, eventually, TestApp } from './app';
import { addMember, createOnSaleEvent, sharedAdmin } from './factories/catalog';
import { buyOrder, emailsTo, holdOrder, ticketsOf, tierCounts } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { createList, scanOnline } from './factories/door';

const api = (path: string) => `/api/v1${path}`;

describe('refunds', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { BOOKING_FEE_BPS: '1000' } });
  });
  afterAll(() => t.close());

  const refund = (user: TestUser, orderId: string, body: Record<string, unknown> = {}, key?: string) => {
    const req = t
      .http()
      .post(api(`/orders/${orderId}/refunds`))
      .set(authHeader(user.accessToken));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  it('a partial refund, then a full one: amounts, void tickets, units back on sale, emails', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 10, price: 2000 }] });
    const buyer = await registerUser(t);
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 3 }]);
    expect(order).toMatchObject({ subtotal: 6000, fees: 600, total: 6600 });
    const tickets = await ticketsOf(t, order.id);

    const partial = await refund(sale.owner, order.id, { ticketIds: [tickets[0].id] }).expect(201);
    expect(partial.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 2000 });
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ sold: 2, held: 0 });
    const again = await refund(sale.owner, order.id, { ticketIds: [tickets[0].id] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TICKET_VOID');

    const full = await refund(sale.owner, order.id).expect(201);
    expect(full.body).toMatchObject({ status: 'refunded', refundedAmount: 6600 });
    expect((await ticketsOf(t, order.id)).map((x) => x.status)).toEqual(['void', 'void', 'void']);
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ sold: 0, held: 0 });
    const mails = await emailsTo(t, buyer.email, 'refund-issued');
    expect(mails.map((m) => m.data.amount)).toEqual([2000, 4600]);
    const notPaid = await refund(sale.owner, order.id);
    expect(notPaid.body.code).toBe('ORDER_NOT_PAID');
  });

  it('replays a refund with the same Idempotency-Key instead of refunding twice', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 10, price: 1000 }] });
    const buyer = await registerUser(t);
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    const [first] = await ticketsOf(t, order.id);
    const key = randomUUID();
    const a = await refund(sale.owner, order.id, { ticketIds: [first.id] }, key).expect(201);
    const b = await refund(sale.owner, order.id, { ticketIds: [first.id] }, key).expect(201);
    expect(b.body).toEqual(a.body);
    const rows = await t.dataSource.query(
      `SELECT amount FROM payments WHERE order_id = $1 AND kind = 'refund'`,
      [order.id],
    );
    expect(rows).toEqual([{ amount: 1000 }]);
  });

  it('only managers, owners and admins refund; a checked-in ticket needs force, which only admins have', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 10, price: 1000 }] });
    const buyer = await registerUser(t);
    const staff = await registerUser(t);
    const manager = await registerUser(t);
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    await addMember(t, sale.owner, sale.promoter.id, manager, 'manager');
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    const [used] = await ticketsOf(t, order.id);
    const list = await createList(t, sale.owner, sale.eventId);
    await scanOnline(t, staff, sale.eventId, list.id, used.code).expect(200);

    expect((await refund(buyer, order.id)).status).toBe(403);
    expect((await refund(staff, order.id)).status).toBe(403);
    expect((await refund(await registerUser(t), order.id)).status).toBe(404);
    const blocked = await refund(manager, order.id);
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({
      code: 'TICKET_ALREADY_CHECKED_IN',
      details: { ticketIds: [used.id] },
    });
    expect((await refund(manager, order.id, { force: true })).status).toBe(403);
    const admin = await sharedAdmin(t);
    const forced = await refund(admin, order.id, { force: true }).expect(201);
    expect(forced.body.status).toBe('refunded');
    // The checked-in unit was used, so only the unused one returns to sale.
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ sold: 1 });
  });

  it('cancelling an event refunds every paid order, releases holds and emails every buyer', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 20, price: 1500 }] });
    const buyers = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const paid = [];
    for (const b of buyers)
      paid.push(await buyOrder(t, b, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]));
    const holder = await registerUser(t);
    const hold = await holdOrder(t, holder, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);

    await t
      .http()
      .post(api(`/events/${sale.eventId}/cancel`))
      .set(authHeader(sale.token))
      .send({ reason: 'The venue flooded' })
      .expect(200);

    await eventually(async () => {
      const rows = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM orders WHERE event_id = $1 AND status IN ('paid', 'pending')`,
        [sale.eventId],
      );
      return rows[0].n === 0;
    }, 20000);
    for (const order of paid) {
      const [row] = await t.dataSource.query(`SELECT status, refunded_amount FROM orders WHERE id = $1`, [
        order.id,
      ]);
      expect(row).toEqual({ status: 'refunded', refunded_amount: order.total });
      expect((await ticketsOf(t, order.id)).every((x) => x.status === 'void')).toBe(true);
    }
    for (const b of buyers) expect(await emailsTo(t, b.email, 'event-cancelled')).toHaveLength(1);
    const [held] = await t.dataSource.query(`SELECT status FROM orders WHERE id = $1`, [hold.id]);
    expect(held.status).toBe('cancelled');
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 0 });
  });
});
