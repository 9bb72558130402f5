import type { AddressInfo } from 'node:net';
import { createTestApp, eventually, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { buyOrder } from './factories/orders';
import { joined } from './factories/waitlist';
import { authHeader, registerUser, TestUser } from './factories/users';
import { SseClient } from './support/sse-client';

const api = (path: string) => `/api/v1${path}`;

interface Notification {
  id: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  readAt: string | null;
}

/**
 * The signed-in user's live notifications: written with each change (by the API or the worker), streamed over
 * SSE from another API instance (Redis pub/sub), listed with read markers, resumable with Last-Event-ID.
 */
describe('live notifications for the signed-in user', () => {
  let writer: TestApp;
  let reader: TestApp;
  let port: number;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    // The writer sells (API and worker); the reader only streams. Its heartbeat (which also re-reads) is too
    // slow to matter here, so what it streams came by pub/sub.
    writer = await createTestApp();
    reader = await createTestApp({ role: 'api', env: { AVAILABILITY_HEARTBEAT_SECONDS: '300' } });
    await reader.app.listen(0, '127.0.0.1');
    port = (reader.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await reader.close();
    await writer.close();
  });

  const open = async (user: TestUser, lastEventId?: string) => {
    const headers: Record<string, string> = authHeader(user.accessToken);
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
    const stream = await SseClient.open(port, api('/me/notifications/stream'), headers);
    streams.push(stream);
    return stream;
  };
  const received = (s: SseClient) => s.named<Notification>('notification');
  const list = async (user: TestUser, query: Record<string, string> = {}) =>
    (
      await writer
        .http()
        .get(api('/me/notifications'))
        .query(query)
        .set(authHeader(user.accessToken))
        .expect(200)
    ).body as { items: Notification[]; total: number };

  it('streams a paid order from another instance, then resumes after Last-Event-ID without a gap', async () => {
    const sale: OnSaleEvent = await createOnSaleEvent(writer, { tiers: [{ capacity: 10, price: 2500 }] });
    const buyer = await registerUser(writer);
    const stranger = await registerUser(writer);
    const stream = await open(buyer);
    const strangers = await open(stranger);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);

    const order = await buyOrder(writer, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    await eventually(async () => received(stream).length === 1);
    expect(received(stream)[0]).toEqual({
      id: '1',
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        seq: 1,
        type: 'order.paid',
        data: {
          orderId: order.id,
          eventId: sale.eventId,
          eventTitle: sale.event.title,
          total: 5000,
          currency: 'EUR',
          ticketCount: 2,
        },
        readAt: null,
        createdAt: expect.any(String),
      },
    });
    stream.close();

    // While the client is away: a refund and a moved event.
    await writer
      .http()
      .post(api(`/orders/${order.id}/refunds`))
      .set(authHeader(sale.token))
      .send({ ticketIds: [(await ticketIds(order.id))[0]] })
      .expect(201);
    const startsAt = new Date(Date.parse(sale.event.startsAt) + 3600_000).toISOString();
    await writer
      .http()
      .patch(api(`/events/${sale.eventId}`))
      .set(authHeader(sale.token))
      .send({ startsAt, endsAt: new Date(Date.parse(startsAt) + 4 * 3600_000).toISOString() })
      .expect(200);

    const resumed = await open(buyer, '1');
    await eventually(async () => received(resumed).length === 2);
    expect(received(resumed).map((n) => [n.id, n.data.type])).toEqual([
      ['2', 'refund.issued'],
      ['3', 'event.rescheduled'],
    ]);
    expect(received(resumed)[0].data.data).toMatchObject({ amount: 2500, ticketCount: 1, reason: 'refund' });
    expect(received(resumed)[1].data.data).toMatchObject({
      eventId: sale.eventId,
      startsAt,
      previousStartsAt: sale.event.startsAt,
      timezone: 'Europe/Berlin',
    });
    // Nothing of it reached another user's stream.
    expect(received(strangers)).toEqual([]);
    expect((await list(stranger)).total).toBe(0);
  });

  it('lists with read markers and marks one, up to an id, or all read; 404 for ids that are not yours', async () => {
    const sale = await createOnSaleEvent(writer, { tiers: [{ capacity: 10 }] });
    const buyer = await registerUser(writer);
    for (let i = 0; i < 3; i++)
      await buyOrder(writer, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const all = await list(buyer);
    expect(all.total).toBe(3);
    expect(all.items.map((n) => n.seq)).toEqual([3, 2, 1]);
    const second = all.items[1].id;
    expect(all.items.every((n) => n.readAt === null)).toBe(true);

    await writer
      .http()
      .post(api(`/me/notifications/${second}/read`))
      .set(authHeader(buyer.accessToken))
      .expect(204);
    const other = await registerUser(writer);
    const missing = await writer
      .http()
      .post(api(`/me/notifications/${second}/read`))
      .set(authHeader(other.accessToken));
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await list(buyer, { unread: 'true' })).items.map((n) => n.seq)).toEqual([3, 1]);

    const upTo = await writer
      .http()
      .post(api('/me/notifications/read'))
      .set(authHeader(buyer.accessToken))
      .send({ upTo: 2 })
      .expect(200);
    expect(upTo.body).toEqual({ marked: 1 });
    expect((await list(buyer, { unread: 'true' })).items.map((n) => n.seq)).toEqual([3]);
    const rest = await writer
      .http()
      .post(api('/me/notifications/read'))
      .set(authHeader(buyer.accessToken))
      .send({})
      .expect(200);
    expect(rest.body).toEqual({ marked: 1 });
    expect((await list(buyer, { unread: 'false' })).total).toBe(3);

    const bad = await writer
      .http()
      .get(api('/me/notifications/stream'))
      .set({ ...authHeader(buyer.accessToken), 'Last-Event-ID': 'yesterday' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const anonymous = await writer.http().get(api('/me/notifications'));
    expect(anonymous.status).toBe(401);
  });

  it('tells a waiting buyer about an offer (with its expiry) and ticket holders about a cancelled event', async () => {
    const sale = await createOnSaleEvent(writer, { tiers: [{ capacity: 1, price: 3000 }] });
    const holder = await registerUser(writer);
    const waiting = await registerUser(writer);
    const order = await buyOrder(writer, holder, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const entry = await joined(writer, waiting, sale.eventId, sale.tierIds[0], 1);
    const stream = await open(waiting);
    await writer
      .http()
      .post(api(`/orders/${order.id}/refunds`))
      .set(authHeader(sale.token))
      .send({})
      .expect(201);
    await eventually(async () => received(stream).length === 1);
    const offer = received(stream)[0].data;
    expect(offer).toMatchObject({
      type: 'waitlist.offered',
      data: { entryId: entry.id, eventId: sale.eventId, tierId: sale.tierIds[0], quantity: 1 },
    });
    expect(Date.parse(offer.data.offerExpiresAt as string)).toBeGreaterThan(Date.now());

    const buyer = await registerUser(writer);
    const other = await createOnSaleEvent(writer, {
      promoter: sale.promoter,
      tiers: [{ capacity: 5, price: 1000 }],
    });
    const paid = await buyOrder(writer, buyer, other.eventId, [{ tierId: other.tierIds[0], quantity: 1 }]);
    // Resumed after its order.paid (id 1).
    const buyerStream = await open(buyer, '1');
    await writer
      .http()
      .post(api(`/events/${other.eventId}/cancel`))
      .set(authHeader(sale.token))
      .send({})
      .expect(200);
    // The worker refunds each order of the cancelled event; the buyer hears it from there.
    await eventually(async () => received(buyerStream).length === 1, 15_000);
    expect(received(buyerStream)[0].data).toMatchObject({
      seq: 2,
      type: 'event.cancelled',
      data: { eventId: other.eventId, orderId: paid.id, refundAmount: 1000, currency: 'EUR' },
    });
  });

  const ticketIds = async (orderId: string): Promise<string[]> =>
    (
      (await writer.dataSource.query(`SELECT id FROM tickets WHERE order_id = $1 ORDER BY id`, [
        orderId,
      ])) as Array<{
        id: string;
      }>
    ).map((r) => r.id);
});
