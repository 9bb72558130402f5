import { Readable } from 'node:stream';
import { Order } from '../src/checkout/orders/order.entity';
import { ORDER_CSV_COLUMNS, ordersCsv } from '../src/checkout/orders/orders-csv';
import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { buyOrder, holdOrder, OrderBody } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

/**
 * Events 90 days out: another spec moves its clock 40 days ahead and completes every event ending before
 * then, which would end these sales mid-test.
 */
function farFuture(): { startsAt: string; endsAt: string } {
  const startsAt = Date.now() + 90 * 24 * 3600 * 1000;
  return {
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 4 * 3600 * 1000).toISOString(),
  };
}

/** A CSV without quoted fields (these tests write none) as objects keyed by the header. */
function parse(text: string): Array<Record<string, string>> {
  const [header, ...rows] = text.trimEnd().split('\n');
  const columns = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [columns[i], v])));
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('orders as CSV (GET /orders with Accept: text/csv)', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let alice: TestUser;
  let bob: TestUser;
  let orders: OrderBody[];

  beforeAll(async () => {
    t = await createTestApp();
    sale = await createOnSaleEvent(t, {
      event: farFuture(),
      tiers: [
        { name: 'Standing', price: 2000, capacity: 20 },
        { name: 'Seated', price: 3500, capacity: 20 },
      ],
    });
    alice = await registerUser(t, { name: 'Alice Liddell' });
    bob = await registerUser(t, { name: 'Bob Builder' });
    const [standing, seated] = sale.tierIds;
    orders = [
      await buyOrder(t, alice, sale.eventId, [
        { tierId: standing, quantity: 2 },
        { tierId: seated, quantity: 1 },
      ]),
      await buyOrder(t, bob, sale.eventId, [{ tierId: seated, quantity: 1 }]),
      await holdOrder(t, bob, sale.eventId, [{ tierId: standing, quantity: 1 }]),
    ];
    // Out of reach of other specs' expiry sweepers, which run with their clocks moved ahead.
    await t.dataSource.query(`UPDATE orders SET expires_at = now() + interval '1 year' WHERE id = $1`, [
      orders[2].id,
    ]);
  });
  afterAll(() => t.close());

  const csv = (user: TestUser, query: string) =>
    t
      .http()
      .get(api(`/orders?${query}`))
      .set(authHeader(user.accessToken))
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });

  it('gives the organiser every order of the event, newest first, with buyers and items', async () => {
    const res = await csv(sale.owner, `eventId=${sale.eventId}&limit=1`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('attachment; filename="orders.csv"');
    const text = res.body as string;
    expect(text.split('\n')[0]).toBe(ORDER_CSV_COLUMNS.join(','));
    const rows = parse(text);
    // Every order, not a page: limit and offset only shape the JSON list.
    expect(rows.map((r) => r.orderId)).toEqual([orders[2].id, orders[1].id, orders[0].id]);
    expect(rows[2]).toMatchObject({
      status: 'paid',
      buyerName: 'Alice Liddell',
      buyerEmail: alice.email,
      items: '1 x Seated; 2 x Standing',
      tickets: '3',
      subtotal: '7500',
      total: String(orders[0].total),
      refundedAmount: '0',
      currency: 'EUR',
      eventId: sale.eventId,
    });
    expect(new Date(rows[2].paidAt).getTime()).not.toBeNaN();
    expect(rows[0]).toMatchObject({ status: 'pending', paidAt: '', buyerName: 'Bob Builder' });
  });

  it('applies the list filters and its access rules', async () => {
    const paid = parse((await csv(sale.owner, `eventId=${sale.eventId}&status=paid`).expect(200)).body);
    expect(paid.map((r) => r.orderId)).toEqual([orders[1].id, orders[0].id]);
    // A buyer who does not run the event gets their own orders only, as in the JSON list.
    const own = parse((await csv(bob, `eventId=${sale.eventId}`).expect(200)).body);
    expect(own.map((r) => r.orderId)).toEqual([orders[2].id, orders[1].id]);
    const stranger = await registerUser(t);
    expect(parse((await csv(stranger, `eventId=${sale.eventId}`).expect(200)).body)).toEqual([]);
    const json = await t
      .http()
      .get(api(`/orders?eventId=${sale.eventId}`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(json.body.total).toBe(3);
  });

  it('streams in keyset batches without skipping or repeating an order', async () => {
    const query = t.dataSource
      .getRepository(Order)
      .createQueryBuilder('o')
      .where('o.event_id = :eventId', { eventId: sale.eventId });
    const rows = parse(await readAll(ordersCsv(t.dataSource.manager, query, 2)));
    expect(rows.map((r) => r.orderId)).toEqual([orders[2].id, orders[1].id, orders[0].id]);
  });
});
