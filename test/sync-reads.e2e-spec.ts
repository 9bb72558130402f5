import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { createList } from './factories/door';
import { buyOrder, holdOrder, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

/** `expand` and `updatedSince`: what dashboards need to read orders, tickets and attendees without N+1 calls. */
describe('reads for dashboards: expand and updatedSince', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let buyer: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    sale = await createOnSaleEvent(t, { event: { title: 'Expand Night' }, tiers: [{ name: 'Balcony' }] });
    buyer = await registerUser(t);
  });
  afterAll(() => t.close());

  const get = (path: string, token: string) => t.http().get(api(path)).set(authHeader(token));

  it('embeds an event summary and each line’s tier with expand=event,tier, and nothing without it', async () => {
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const plain = await get(`/orders/${order.id as string}`, buyer.accessToken).expect(200);
    expect(plain.body.event).toBeUndefined();
    expect(plain.body.items[0].tier).toBeUndefined();

    const expanded = await get(`/orders/${order.id as string}?expand=event,tier`, buyer.accessToken).expect(
      200,
    );
    expect(expanded.body.event).toMatchObject({
      id: sale.eventId,
      title: 'Expand Night',
      status: 'published',
    });
    expect(expanded.body.items[0].tier).toMatchObject({ id: sale.tierIds[0], name: 'Balcony', price: 2500 });

    const listed = await get('/orders?expand=event&expand=tier', buyer.accessToken).expect(200);
    const mine = listed.body.items.find((o: { id: string }) => o.id === order.id);
    expect(mine.event.id).toBe(sale.eventId);
    expect(mine.items[0].tier.id).toBe(sale.tierIds[0]);
  });

  it('embeds the event and tier of a ticket', async () => {
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const [ticket] = await ticketsOf(t, order.id as string);
    const res = await get(`/tickets/${ticket.id}?expand=tier`, buyer.accessToken).expect(200);
    expect(res.body.tier).toMatchObject({ id: sale.tierIds[0], name: 'Balcony' });
    expect(res.body.event).toBeUndefined();
  });

  it('refuses an unknown expansion with VALIDATION_FAILED naming expand', async () => {
    const res = await get('/orders?expand=buyer', buyer.accessToken).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['expand']);
  });

  it('lists only the orders, tickets and attendees changed at or after updatedSince', async () => {
    const other = await createOnSaleEvent(t, { owner: sale.owner });
    const unchanged = await buyOrder(t, buyer, other.eventId, [{ tierId: other.tierIds[0], quantity: 1 }]);
    const cancelled = await holdOrder(t, buyer, other.eventId, [{ tierId: other.tierIds[0], quantity: 1 }]);
    const [checkedIn, untouched] = [
      ...(await ticketsOf(t, unchanged.id as string)),
      ...(await ticketsOf(
        t,
        (await buyOrder(t, buyer, other.eventId, [{ tierId: other.tierIds[0], quantity: 1 }])).id as string,
      )),
    ];
    const list = await createList(t, other.owner, other.eventId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = new Date().toISOString();
    await t
      .http()
      .post(api(`/orders/${cancelled.id as string}/cancel`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    await t
      .http()
      .post(api(`/events/${other.eventId}/check-ins`))
      .set(authHeader(other.token))
      .send({ code: checkedIn.code, listId: list.id })
      .expect(200);

    const orders = await get(
      `/orders?eventId=${other.eventId}&updatedSince=${since}`,
      buyer.accessToken,
    ).expect(200);
    expect(orders.body.items.map((o: { id: string }) => o.id)).toEqual([cancelled.id]);
    const tickets = await get(`/tickets?eventId=${other.eventId}&updatedSince=${since}`, other.token).expect(
      200,
    );
    expect(tickets.body.items.map((x: { id: string }) => x.id)).toEqual([checkedIn.id]);
    const attendees = await get(
      `/events/${other.eventId}/attendees?updatedSince=${since}`,
      other.token,
    ).expect(200);
    expect(attendees.body).toMatchObject({
      total: 1,
      items: [{ ticketId: checkedIn.id, status: 'checked_in' }],
    });
    const all = await get(`/events/${other.eventId}/attendees`, other.token).expect(200);
    expect(all.body.items.map((a: { ticketId: string }) => a.ticketId).sort()).toEqual(
      [checkedIn.id, untouched.id].sort(),
    );

    const bad = await get('/orders?updatedSince=yesterday', buyer.accessToken).expect(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['updatedSince']);
  });
});
