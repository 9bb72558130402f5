import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import type { AddressInfo } from 'node:net';
import { QueueName } from '../src/platform/jobs/queues';
import { createTestApp, eventually, TestApp } from './app';
import { createApprovedPromoter, createEvent, createOnSaleEvent } from './factories/catalog';
import { tierCounts } from './factories/orders';
import {
  buyers,
  entriesInRankOrder,
  joined,
  joinInTurn,
  joinQueue,
  myEntry,
  orderWithToken,
  queuedSale,
  startSale,
} from './factories/queue';
import { authHeader } from './factories/users';
import { SseClient } from './support/sse-client';
import { flushRedis } from './support/redis';

const api = (path: string) => `/api/v1${path}`;
const TICK = 'waiting-room';

jest.setTimeout(60_000);

describe('waiting room: queueing, admission, tokens, sell-out and recovery', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Ticks only when a test says so (QUEUE_TICK_SECONDS is an hour, so a tick is not spread: the 60-second cap
    // is what limits it).
    t = await createTestApp();
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const statuses = async (eventId: string) => (await entriesInRankOrder(t, eventId)).map((e) => e.status);

  it('carries the queue settings on the event and refuses inconsistent ones', async () => {
    const promoter = await createApprovedPromoter(t);
    const bad = await t
      .http()
      .post(api('/events'))
      .set(authHeader(promoter.owner.accessToken))
      .send({
        promoterId: promoter.id,
        title: 'Queue Night',
        category: 'music',
        venue: { name: 'Hall', address: 'Street 1', city: 'Berlin', country: 'DE' },
        timezone: 'Europe/Berlin',
        startsAt: '2031-07-04T18:00:00Z',
        endsAt: '2031-07-04T23:00:00Z',
        salesStartAt: '2031-05-01T08:00:00Z',
        currency: 'EUR',
        queue: { enabled: true, opensAt: '2031-05-02T08:00:00Z' },
      });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['queue.opensAt']);

    const event = await createEvent(t, promoter, {
      startsAt: '2031-07-04T18:00:00Z',
      endsAt: '2031-07-04T23:00:00Z',
      salesStartAt: '2031-05-01T08:00:00Z',
      queue: { enabled: true, opensAt: '2031-05-01T07:30:00Z', admitPerMinute: 300 },
    });
    expect((event as unknown as { queue: unknown }).queue).toEqual({
      enabled: true,
      opensAt: '2031-05-01T07:30:00.000Z',
      admitPerMinute: 300,
      tokenTtlSeconds: 600,
    });
    const off = await t
      .http()
      .patch(api(`/events/${event.id}`))
      .set(authHeader(promoter.owner.accessToken))
      .send({ queue: { enabled: false } })
      .expect(200);
    expect(off.body.queue).toEqual({
      enabled: false,
      opensAt: null,
      admitPerMinute: null,
      tokenTtlSeconds: 600,
    });
  });

  it('draws early arrivals in random order, queues later ones first come first served, one entry per buyer', async () => {
    const sale = await queuedSale(t);
    const early = await buyers(t, 8);
    const entries = await joinInTurn(t, early, sale.eventId);
    expect(entries.every((e) => e.randomised && e.status === 'waiting')).toBe(true);
    const again = await joinQueue(t, early[0], sale.eventId).expect(200);
    expect(again.body.entryId).toBe(entries[0].entryId);

    startSale(t, sale);
    const late = await buyers(t, 3);
    const lateEntries = await joinInTurn(t, late, sale.eventId);
    expect(lateEntries.map((e) => [e.randomised, e.position])).toEqual([
      [false, 9],
      [false, 10],
      [false, 11],
    ]);

    const order = await entriesInRankOrder(t, sale.eventId);
    const arrival = [...early, ...late].map((b) => b.id);
    // The early eight are a permutation drawn at random (the arrival order has odds of 1 in 40,320).
    expect(order.slice(0, 8).map((e) => e.user_id)).not.toEqual(arrival.slice(0, 8));
    expect(new Set(order.slice(0, 8).map((e) => e.user_id))).toEqual(new Set(arrival.slice(0, 8)));
    expect(order.slice(8).map((e) => e.user_id)).toEqual(arrival.slice(8));
    // Each buyer's position is their place in that order.
    for (const [i, buyer] of early.entries()) {
      const mine = await myEntry(t, buyer, sale.eventId);
      expect(mine.position).toBe(order.findIndex((e) => e.id === entries[i].entryId) + 1);
    }
  });

  it('refuses to queue for an event without a waiting room, before it opens, and anonymously', async () => {
    const [buyer] = await buyers(t, 1);
    const plain = await createOnSaleEvent(t);
    const none = await joinQueue(t, buyer, plain.eventId).expect(409);
    expect(none.body.code).toBe('QUEUE_NOT_ENABLED');
    const orders = await orderWithToken(t, buyer, plain.eventId, [{ tierId: plain.tierIds[0], quantity: 1 }]);
    expect(orders.status).toBe(201);

    const sale = await queuedSale(t);
    t.clock.advance(-120_000);
    const early = await joinQueue(t, buyer, sale.eventId).expect(409);
    expect(early.body.code).toBe('QUEUE_NOT_OPEN');
    t.clock.reset();
    await t
      .http()
      .post(api(`/events/${sale.eventId}/queue`))
      .send({})
      .expect(401);
    await t
      .http()
      .get(api(`/events/${sale.eventId}/queue/me`))
      .set(authHeader(buyer.accessToken))
      .expect(404);
  });

  it('admits in queue order, never more tokens than units; orders need the own, unexpired, unused token', async () => {
    const sale = await queuedSale(t, { tiers: [{ capacity: 3, maxPerOrder: 4 }] });
    const tierId = sale.tierIds[0];
    const people = await buyers(t, 6);
    await joinInTurn(t, people, sale.eventId);
    expect(await t.sweep(TICK)).toBe(0);
    const refused = await orderWithToken(t, people[0], sale.eventId, [{ tierId, quantity: 1 }]);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('QUEUE_ADMISSION_REQUIRED');

    startSale(t, sale);
    await t.sweep(TICK);
    expect(await statuses(sale.eventId)).toEqual([
      'admitted',
      'admitted',
      'admitted',
      'waiting',
      'waiting',
      'waiting',
    ]);
    await t.sweep(TICK);
    expect(await statuses(sale.eventId)).toEqual([
      'admitted',
      'admitted',
      'admitted',
      'waiting',
      'waiting',
      'waiting',
    ]);

    const order = await entriesInRankOrder(t, sale.eventId);
    const byUser = new Map(people.map((p) => [p.id, p]));
    const [a, b, c] = order.slice(0, 3).map((e) => byUser.get(e.user_id)!);
    const d = byUser.get(order[3].user_id)!;
    const tokenA = (await myEntry(t, a, sale.eventId)).admissionToken!;
    const tokenB = (await myEntry(t, b, sale.eventId)).admissionToken!;
    const waitingD = await myEntry(t, d, sale.eventId);
    expect(waitingD).toMatchObject({ status: 'waiting', position: 1, admissionToken: null });

    const foreign = await orderWithToken(t, a, sale.eventId, [{ tierId, quantity: 1 }], tokenB);
    expect(foreign.body).toMatchObject({
      code: 'QUEUE_ADMISSION_INVALID',
      details: { reason: 'other_user' },
    });
    const forged = await orderWithToken(
      t,
      a,
      sale.eventId,
      [{ tierId, quantity: 1 }],
      `${tokenA.slice(0, -2)}xx`,
    );
    expect(forged.body).toMatchObject({ code: 'QUEUE_ADMISSION_INVALID', details: { reason: 'signature' } });
    // A refused hold does not use the token up.
    const tooMany = await orderWithToken(t, a, sale.eventId, [{ tierId, quantity: 4 }], tokenA);
    expect(tooMany.body.code).toBe('INSUFFICIENT_INVENTORY');
    await orderWithToken(t, a, sale.eventId, [{ tierId, quantity: 1 }], tokenA).expect(201);
    const reused = await orderWithToken(t, a, sale.eventId, [{ tierId, quantity: 1 }], tokenA);
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('QUEUE_ADMISSION_USED');
    expect((await myEntry(t, a, sale.eventId)).status).toBe('used');

    // Two units left, two tokens outstanding: nobody else is let in.
    await t.sweep(TICK);
    expect((await myEntry(t, d, sale.eventId)).status).toBe('waiting');

    // B's and C's tokens run out unused: their slots go to the next two in line.
    t.clock.advance(61_000);
    expect((await myEntry(t, b, sale.eventId)).status).toBe('lapsed');
    const expired = await orderWithToken(t, b, sale.eventId, [{ tierId, quantity: 1 }], tokenB);
    expect(expired.status).toBe(403);
    expect(expired.body.code).toBe('QUEUE_ADMISSION_EXPIRED');
    await t.sweep(TICK);
    expect(await statuses(sale.eventId)).toEqual([
      'used',
      'lapsed',
      'lapsed',
      'admitted',
      'admitted',
      'waiting',
    ]);
    const tokenD = (await myEntry(t, d, sale.eventId)).admissionToken!;
    await orderWithToken(t, d, sale.eventId, [{ tierId, quantity: 2 }], tokenD).expect(201);
    expect(await tierCounts(t, tierId)).toMatchObject({ held: 3, sold: 0 });
    void c;
  });

  it('lets one of several simultaneous orders with the same token through', async () => {
    const sale = await queuedSale(t, { tiers: [{ capacity: 10, maxPerOrder: 4 }] });
    const [buyer] = await buyers(t, 1);
    await joined(t, buyer, sale.eventId);
    startSale(t, sale);
    await t.sweep(TICK);
    const token = (await myEntry(t, buyer, sale.eventId)).admissionToken!;
    const items = [{ tierId: sale.tierIds[0], quantity: 1 }];
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => orderWithToken(t, buyer, sale.eventId, items, token)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(
      Array(3).fill('QUEUE_ADMISSION_USED'),
    );
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 1 });
  });

  it('caps admissions at admitPerMinute in any 60 seconds', async () => {
    const sale = await queuedSale(t, { tiers: [{ capacity: 100 }], admitPerMinute: 3, tokenTtlSeconds: 300 });
    await joinInTurn(t, await buyers(t, 8), sale.eventId);
    startSale(t, sale);
    const admitted = async () => (await statuses(sale.eventId)).filter((s) => s !== 'waiting').length;
    await t.sweep(TICK);
    expect(await admitted()).toBe(3);
    t.clock.advance(30_000);
    await t.sweep(TICK);
    expect(await admitted()).toBe(3);
    // A minute after the first three: three more.
    t.clock.advance(31_000);
    await t.sweep(TICK);
    expect(await statuses(sale.eventId)).toEqual([...Array(6).fill('admitted'), 'waiting', 'waiting']);
  });

  it('at the sell-out tells the waiting buyers and puts those who opted in on the waitlist in queue order', async () => {
    const sale = await queuedSale(t, {
      tiers: [
        { capacity: 1, maxPerOrder: 1, name: 'Standing' },
        { capacity: 1, maxPerOrder: 1, name: 'Seated', sortOrder: 5 },
      ],
    });
    const [standing, seated] = sale.tierIds;
    const people = await buyers(t, 5);
    const bodies = [{}, { waitlist: true }, { waitlist: true, tierId: seated }, {}, { waitlist: true }];
    for (const [i, p] of people.entries()) await joined(t, p, sale.eventId, bodies[i]);
    startSale(t, sale);
    await t.sweep(TICK);
    const order = await entriesInRankOrder(t, sale.eventId);
    const byUser = new Map(people.map((p) => [p.id, p]));
    for (const entry of order.filter((e) => e.status === 'admitted')) {
      const buyer = byUser.get(entry.user_id)!;
      const token = (await myEntry(t, buyer, sale.eventId)).admissionToken!;
      const tier = (await tierCounts(t, standing)).held === 0 ? standing : seated;
      await orderWithToken(t, buyer, sale.eventId, [{ tierId: tier, quantity: 1 }], token).expect(201);
    }
    await t.sweep(TICK);
    const after = await entriesInRankOrder(t, sale.eventId);
    expect(after.map((e) => e.status)).toEqual(['used', 'used', 'sold_out', 'sold_out', 'sold_out']);
    const waiting = after.slice(2).map((e) => byUser.get(e.user_id)!);
    for (const buyer of waiting) expect((await myEntry(t, buyer, sale.eventId)).status).toBe('sold_out');

    const optedIn = after
      .slice(2)
      .map((e) => ({ userId: e.user_id, i: people.findIndex((p) => p.id === e.user_id) }))
      .filter(({ i }) => 'waitlist' in bodies[i]);
    const rows = (await t.dataSource.query(
      `SELECT user_id, tier_id FROM waitlist_entries WHERE event_id = $1 ORDER BY seq`,
      [sale.eventId],
    )) as Array<{ user_id: string; tier_id: string }>;
    expect(rows).toEqual(
      optedIn.map(({ userId, i }) => ({
        user_id: userId,
        tier_id: (bodies[i] as { tierId?: string }).tierId ?? standing,
      })),
    );
  });

  it('rebuilds its Redis index from Postgres after a flush before admitting, and admits only what fits', async () => {
    const sale = await queuedSale(t, { tiers: [{ capacity: 2 }] });
    const people = await buyers(t, 5);
    await joinInTurn(t, people, sale.eventId);
    startSale(t, sale);
    const mail = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    await eventually(async () => (await mail.getActiveCount()) + (await mail.getWaitingCount()) === 0);
    await flushRedis(t);

    const order = await entriesInRankOrder(t, sale.eventId);
    const byUser = new Map(people.map((p) => [p.id, p]));
    // Positions still come right: counted in Postgres while the index is gone.
    for (const [i, e] of order.entries()) {
      expect((await myEntry(t, byUser.get(e.user_id)!, sale.eventId)).position).toBe(i + 1);
    }
    await t.sweep(TICK);
    expect(await statuses(sale.eventId)).toEqual(['admitted', 'admitted', 'waiting', 'waiting', 'waiting']);
    expect(await t.redis.zcard(`queue:{${sale.eventId}}:waiting`)).toBe(3);
    expect(await t.redis.exists(`queue:{${sale.eventId}}:indexed`)).toBe(1);
    for (const [i, e] of order.slice(2).entries()) {
      expect((await myEntry(t, byUser.get(e.user_id)!, sale.eventId)).position).toBe(i + 1);
    }
  });

  it('streams the position and then the admission over SSE', async () => {
    const sale = await queuedSale(t, { tiers: [{ capacity: 1, maxPerOrder: 1 }] });
    const people = await buyers(t, 2);
    await joinInTurn(t, people, sale.eventId);
    startSale(t, sale);
    const order = await entriesInRankOrder(t, sale.eventId);
    const second = people.find((p) => p.id === order[1].user_id)!;
    const first = people.find((p) => p.id === order[0].user_id)!;
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as AddressInfo;
    const sse = await SseClient.open(
      address.port,
      api(`/events/${sale.eventId}/queue/me/stream`),
      authHeader(second.accessToken),
    );
    try {
      await eventually(async () => sse.named<{ position: number }>('queue').length > 0);
      expect(sse.named<{ position: number; status: string }>('queue')[0].data).toMatchObject({
        status: 'waiting',
        position: 2,
      });
      await t.sweep(TICK);
      await eventually(async () =>
        sse.named<{ position: number }>('queue').some((e) => e.data.position === 1),
      );
      // The first buyer's token lapses unused: the slot comes to the stream's buyer.
      t.clock.advance(61_000);
      await t.sweep(TICK);
      const admitted = await eventually(async () =>
        sse
          .named<{ status: string; admissionToken: string | null }>('queue')
          .find((e) => e.data.status === 'admitted'),
      );
      expect(admitted.data.admissionToken).toEqual(expect.any(String));
      void first;
    } finally {
      sse.close();
    }
  });
});
