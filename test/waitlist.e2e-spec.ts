import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JobName, QueueName } from '../src/platform/jobs/queues';
import { lapseJobId } from '../src/waitlist/waitlist.service';
import { createTestApp, eventually, TestApp } from './app';
import { createOnSaleEvent } from './factories/catalog';
import { confirmOrder, emailsTo, holdOrder, postOrder, ticketsOf, tierCounts } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import {
  claimOffer,
  entryRow,
  entryStatus,
  farFutureEvent,
  joined,
  joinWaitlist,
  leaveWaitlist,
  raiseCapacity,
  soldOutSale,
} from './factories/waitlist';
import { flushRedis } from './support/redis';

const api = (path: string) => `/api/v1${path}`;

// Several steps wait for the worker; leave room for a loaded machine.
jest.setTimeout(60_000);

describe('waitlist: joining, offers, claims, lapses and leaving', () => {
  let t: TestApp;
  let queue: Queue;
  let ttlMs: number;

  beforeAll(async () => {
    t = await createTestApp();
    queue = t.app.get<Queue>(getQueueToken(QueueName.Waitlist));
    ttlMs = t.config.inventory.waitlistOfferTtlSeconds * 1000;
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  /** FLUSHDB once the email worker is idle, so it does not log jobs vanishing under its feet. */
  const flush = async () => {
    const mail = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    await eventually(async () => (await mail.getActiveCount()) + (await mail.getWaitingCount()) === 0);
    await flushRedis(t);
  };
  const buyers = (n: number) => Promise.all(Array.from({ length: n }, () => registerUser(t)));
  /** Offers are made by the worker; a generous wait, as the whole suite shares one machine. */
  const offered = (id: string) => eventually(async () => (await entryStatus(t, id)) === 'offered', 20_000);
  const myEntries = async (buyer: TestUser) =>
    (await t.http().get(api('/waitlist')).set(authHeader(buyer.accessToken)).expect(200)).body;

  it('joins only a sold-out tier, once per buyer, within the per-order limits', async () => {
    const sale = await soldOutSale(t, { capacity: 2, maxPerOrder: 4 });
    const [buyer] = await buyers(1);
    await t
      .http()
      .post(api('/waitlist'))
      .send({ eventId: sale.eventId, tierId: sale.tierId, quantity: 1 })
      .expect(401);
    const tooMany = await joinWaitlist(t, buyer, sale.eventId, sale.tierId, 5);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('ORDER_LIMIT_EXCEEDED');

    // Two parallel joins of one buyer: the partial unique index lets exactly one in.
    const both = await Promise.all([
      joinWaitlist(t, buyer, sale.eventId, sale.tierId, 2),
      joinWaitlist(t, buyer, sale.eventId, sale.tierId, 2),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const created = both.find((r) => r.status === 201)!.body;
    expect(created).toMatchObject({ status: 'waiting', position: 1, quantity: 2, offerExpiresAt: null });
    expect(both.find((r) => r.status === 409)!.body.code).toBe('ALREADY_ON_WAITLIST');

    const open = await soldOutSale(t, { capacity: 2 });
    await raiseCapacity(t, open, open.tierId, 3);
    const available = await joinWaitlist(t, buyer, open.eventId, open.tierId, 1);
    expect(available.status).toBe(409);
    expect(available.body).toMatchObject({ code: 'TIER_AVAILABLE', details: { available: 1 } });
  });

  it('keeps entries in order (positions 1, 2, 3) and offers freed units in that order', async () => {
    const sale = await soldOutSale(t, { capacity: 3 });
    const [a, b, c] = await buyers(3);
    const ea = await joined(t, a, sale.eventId, sale.tierId);
    const eb = await joined(t, b, sale.eventId, sale.tierId);
    const ec = await joined(t, c, sale.eventId, sale.tierId);
    expect([ea.position, eb.position, ec.position]).toEqual([1, 2, 3]);
    expect((await myEntries(c)).items[0]).toMatchObject({ id: ec.id, position: 3, status: 'waiting' });

    // A refund frees one unit: the first in line gets it.
    const [ticket] = await ticketsOf(t, sale.order.id);
    await t
      .http()
      .post(api(`/orders/${sale.order.id}/refunds`))
      .set(authHeader(sale.token))
      .send({ ticketIds: [ticket.id] })
      .expect(201);
    await offered(ea.id);
    expect(await entryStatus(t, eb.id)).toBe('waiting');
    expect(await tierCounts(t, sale.tierId)).toEqual({ capacity: 3, sold: 2, held: 1 });

    // A raised capacity frees another: the second in line.
    await raiseCapacity(t, sale, sale.tierId, 4);
    await offered(eb.id);
    expect(await entryStatus(t, ec.id)).toBe('waiting');
    expect(await tierCounts(t, sale.tierId)).toEqual({ capacity: 4, sold: 2, held: 2 });

    const [mine] = (await myEntries(a)).items;
    expect(mine).toMatchObject({ id: ea.id, status: 'offered', position: 1, offeredQuantity: 1 });
    expect(new Date(mine.offerExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const [mail] = await emailsTo(t, a.email, 'waitlist-offer');
    expect(mail.data).toMatchObject({ entryId: ea.id, quantity: 1, partial: false });
    expect(String(mail.data.claimUrl)).toContain(`/waitlist/${ea.id}/claim`);
    expect(await queue.getJob(lapseJobId(ea.id))).toMatchObject({ name: JobName.LapseWaitlistOffer });
  });

  it('reserves offered units: the public is refused them and availability shows none', async () => {
    const sale = await soldOutSale(t, { capacity: 2 });
    const [waiter, shopper] = await buyers(2);
    const entry = await joined(t, waiter, sale.eventId, sale.tierId, 2);
    await raiseCapacity(t, sale, sale.tierId, 4);
    await offered(entry.id);
    const refused = await postOrder(t, shopper, sale.eventId, [{ tierId: sale.tierId, quantity: 1 }]);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INSUFFICIENT_INVENTORY');
    const availability = await t
      .http()
      .get(api(`/tiers/${sale.tierId}/availability`))
      .expect(200);
    expect(availability.body).toMatchObject({ available: 0, held: 2, sold: 2, status: 'sold_out' });
  });

  it('offers units freed by an overdue hold in the same transaction, before the buyer who found them', async () => {
    const sale = await createOnSaleEvent(t, {
      tiers: [{ price: 1500, maxPerOrder: 10, capacity: 2 }],
      event: farFutureEvent(),
    });
    const tierId = sale.tierIds[0];
    const [holder, waiter, shopper] = await buyers(3);
    await holdOrder(t, holder, sale.eventId, [{ tierId, quantity: 2 }]);
    const entry = await joined(t, waiter, sale.eventId, tierId, 2);
    t.clock.advance(t.config.inventory.holdTtlSeconds * 1000 + 1000);
    try {
      // The order path expires the overdue hold itself; the freed units are already the waiter's when it
      // looks again, with no worker involved.
      const res = await postOrder(t, shopper, sale.eventId, [{ tierId, quantity: 1 }]);
      expect(res.status).toBe(409);
      expect(await entryStatus(t, entry.id)).toBe('offered');
      expect(await tierCounts(t, tierId)).toMatchObject({ held: 2, sold: 0 });
    } finally {
      t.clock.reset();
    }
  });

  it('makes a partial offer when fewer units are freed than asked for', async () => {
    const sale = await soldOutSale(t, { capacity: 2 });
    const [waiter] = await buyers(1);
    const entry = await joined(t, waiter, sale.eventId, sale.tierId, 3);
    await raiseCapacity(t, sale, sale.tierId, 4);
    await offered(entry.id);
    expect(await entryRow(t, entry.id)).toMatchObject({ quantity: 3, offered_quantity: 2 });
    const [mail] = await emailsTo(t, waiter.email, 'waitlist-offer');
    expect(mail.data).toMatchObject({ quantity: 2, requestedQuantity: 3, partial: true });
  });

  it('a claim turns the offer into a pending order that is paid like any other', async () => {
    const sale = await soldOutSale(t, { capacity: 2, price: 1500 });
    const [waiter, stranger] = await buyers(2);
    const entry = await joined(t, waiter, sale.eventId, sale.tierId, 2);
    await raiseCapacity(t, sale, sale.tierId, 4);
    await offered(entry.id);

    await claimOffer(t, stranger, entry.id).expect(404);
    const key = `claim-${entry.id}`;
    const res = await claimOffer(t, waiter, entry.id).set('Idempotency-Key', key).expect(201);
    // A retry with the same key (a lost response) gets the same order back, not OFFER_NOT_ACTIVE.
    const retried = await claimOffer(t, waiter, entry.id).set('Idempotency-Key', key).expect(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toEqual(res.body);
    expect(res.body).toMatchObject({
      status: 'pending',
      buyerId: waiter.id,
      items: [{ tierId: sale.tierId, quantity: 2, unitPrice: 1500 }],
      total: 3000,
      payment: { provider: 'test' },
    });
    // The reservation moved to the order: held did not change.
    expect(await tierCounts(t, sale.tierId)).toEqual({ capacity: 4, sold: 2, held: 2 });
    expect(await entryRow(t, entry.id)).toMatchObject({ status: 'claimed', order_id: res.body.id });
    const again = await claimOffer(t, waiter, entry.id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'OFFER_NOT_ACTIVE', details: { status: 'claimed' } });

    const paid = await confirmOrder(t, waiter, res.body.id).expect(200);
    expect(paid.body.status).toBe('paid');
    expect(await ticketsOf(t, res.body.id)).toHaveLength(2);
    expect(await tierCounts(t, sale.tierId)).toEqual({ capacity: 4, sold: 4, held: 0 });
  });

  it('an unclaimed offer lapses with its delayed job and rolls on to the next entry', async () => {
    const sale = await soldOutSale(t, { capacity: 1 });
    const [first, second] = await buyers(2);
    const e1 = await joined(t, first, sale.eventId, sale.tierId);
    const e2 = await joined(t, second, sale.eventId, sale.tierId);
    await raiseCapacity(t, sale, sale.tierId, 2);
    await offered(e1.id);
    const job = (await queue.getJob(lapseJobId(e1.id)))!;
    expect(await job.getState()).toBe('delayed');

    // Fired early, the job changes nothing: the offer's time is not up.
    await job.promote();
    await eventually(async () => (await job.getState()) === 'completed', 20_000);
    expect(await entryStatus(t, e1.id)).toBe('offered');

    t.clock.advance(ttlMs + 1000);
    await queue.add(JobName.LapseWaitlistOffer, { entryId: e1.id }, { jobId: `${lapseJobId(e1.id)}-late` });
    await eventually(async () => (await entryStatus(t, e1.id)) === 'lapsed', 20_000);
    expect(await entryStatus(t, e2.id)).toBe('offered');
    expect(await tierCounts(t, sale.tierId)).toMatchObject({ sold: 1, held: 1 });
    const late = await claimOffer(t, first, e1.id);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'OFFER_NOT_ACTIVE', details: { status: 'lapsed' } });
  });

  it('claiming after the window is refused and lapses the offer on the spot', async () => {
    const sale = await soldOutSale(t, { capacity: 1 });
    const [first, second] = await buyers(2);
    const e1 = await joined(t, first, sale.eventId, sale.tierId);
    const e2 = await joined(t, second, sale.eventId, sale.tierId);
    await raiseCapacity(t, sale, sale.tierId, 2);
    await offered(e1.id);
    t.clock.advance(ttlMs + 1000);
    const res = await claimOffer(t, first, e1.id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'OFFER_NOT_ACTIVE', details: { status: 'lapsed' } });
    expect(await entryStatus(t, e2.id)).toBe('offered');
    expect(await tierCounts(t, sale.tierId)).toMatchObject({ held: 1 });
  });

  it('leaving: a waiting entry just leaves; an offered one gives its units to the next; strangers get 404', async () => {
    const sale = await soldOutSale(t, { capacity: 1 });
    const [a, b, c] = await buyers(3);
    const ea = await joined(t, a, sale.eventId, sale.tierId);
    const eb = await joined(t, b, sale.eventId, sale.tierId);
    const ec = await joined(t, c, sale.eventId, sale.tierId);

    await leaveWaitlist(t, a, ec.id).expect(404);
    const left = await leaveWaitlist(t, c, ec.id).expect(200);
    expect(left.body).toMatchObject({ id: ec.id, status: 'left', position: null });
    const twice = await leaveWaitlist(t, c, ec.id);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_STATE_TRANSITION');

    await raiseCapacity(t, sale, sale.tierId, 2);
    await offered(ea.id);
    expect((await leaveWaitlist(t, a, ea.id).expect(200)).body.status).toBe('left');
    expect(await entryStatus(t, eb.id)).toBe('offered');
    expect(await tierCounts(t, sale.tierId)).toMatchObject({ sold: 1, held: 1 });
    // Having left, a buyer may queue again (at the back).
    const back = await joined(t, c, sale.eventId, sale.tierId);
    expect(back.position).toBe(2);
  });

  it('shows per-tier waitlist counts in the event detail to the promoter, not to the public', async () => {
    const sale = await soldOutSale(t, { capacity: 1 });
    const [a, b, c] = await buyers(3);
    const ea = await joined(t, a, sale.eventId, sale.tierId);
    await joined(t, b, sale.eventId, sale.tierId);
    await joined(t, c, sale.eventId, sale.tierId);
    await raiseCapacity(t, sale, sale.tierId, 2);
    await offered(ea.id);
    const own = await t
      .http()
      .get(api(`/events/${sale.eventId}`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(own.body.tiers[0].waitlist).toEqual({ waiting: 2, offered: 1 });
    const pub = await t
      .http()
      .get(api(`/events/${sale.eventId}`))
      .expect(200);
    expect(pub.body.tiers[0]).not.toHaveProperty('waitlist');
  });

  it('offers run in parallel with public buying: no oversell, no double offer, no 5xx', async () => {
    const capacity = 12;
    const sale = await createOnSaleEvent(t, {
      tiers: [{ capacity, maxPerOrder: 4 }],
      event: farFutureEvent(),
    });
    const tierId = sale.tierIds[0];
    const holders = await buyers(6);
    const holds = await Promise.all(
      holders.map((h) => holdOrder(t, h, sale.eventId, [{ tierId, quantity: 2 }])),
    );
    const waiters = await buyers(5);
    const entries: string[] = [];
    for (const w of waiters) entries.push((await joined(t, w, sale.eventId, tierId, 2)).id);
    const shoppers = await buyers(20);

    // Every hold is let go while twenty shoppers buy and the offer routine runs from jobs and the sweeper.
    const responses = await Promise.all([
      ...holds.map((o, i) =>
        t
          .http()
          .post(api(`/orders/${o.id}/cancel`))
          .set(authHeader(holders[i].accessToken))
          .send(),
      ),
      ...shoppers.map((s) => postOrder(t, s, sale.eventId, [{ tierId, quantity: 1 }])),
      t.sweep('waitlist-offers').then(() => ({ status: 200, body: {} })),
    ]);
    expect(responses.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
    // This file's database is its own and no sweep runs unasked, so every cancel is the buyer's own and succeeds.
    expect(responses.slice(0, holds.length).map((r) => r.status)).toEqual(holds.map(() => 200));

    // Settled: no free unit is left while somebody still waits.
    await eventually(async () => {
      const [row] = await t.dataSource.query(
        `SELECT t.capacity - t.sold - t.held AS available,
                (SELECT count(*)::int FROM waitlist_entries w WHERE w.tier_id = t.id AND w.status = 'waiting') AS waiting
           FROM ticket_tiers t WHERE t.id = $1`,
        [tierId],
      );
      return row.available === 0 || row.waiting === 0;
    }, 20_000);
    await t.sweep('waitlist-offers');

    const counts = await tierCounts(t, tierId);
    expect(counts.sold + counts.held).toBeLessThanOrEqual(capacity);
    const [{ pending }] = await t.dataSource.query(
      `SELECT coalesce(sum(i.quantity), 0)::int AS pending FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE i.tier_id = $1 AND o.status = 'pending'`,
      [tierId],
    );
    const rows: Array<{ id: string; status: string; offered_quantity: number | null; offers: number }> =
      await t.dataSource.query(
        `SELECT w.id, w.status, w.offered_quantity,
                (SELECT count(*)::int FROM audit_entries a
                  WHERE a.entity_id = w.id::text AND a.action = 'waitlist.offered') AS offers
           FROM waitlist_entries w WHERE w.tier_id = $1 ORDER BY w.seq`,
        [tierId],
      );
    const reserved = rows
      .filter((r) => r.status === 'offered')
      .reduce((sum, r) => sum + (r.offered_quantity ?? 0), 0);
    // Every held unit belongs to exactly one pending order or one open offer.
    expect(counts.held).toBe(pending + reserved);
    // Nobody was offered twice, and offers went in queue order (the offered entries are a prefix).
    expect(rows.every((r) => r.offers <= 1)).toBe(true);
    const firstWaiting = rows.findIndex((r) => r.status === 'waiting');
    if (firstWaiting >= 0) expect(rows.slice(firstWaiting).every((r) => r.status === 'waiting')).toBe(true);
    for (const w of waiters)
      expect((await emailsTo(t, w.email, 'waitlist-offer')).length).toBeLessThanOrEqual(1);
  });

  it('survives a Redis FLUSHDB: the sweepers offer the freed units and lapse the offer', async () => {
    const sale = await soldOutSale(t, { capacity: 1, price: 1000 });
    const [first, second] = await buyers(2);
    const e1 = await joined(t, first, sale.eventId, sale.tierId);
    const e2 = await joined(t, second, sale.eventId, sale.tierId);
    // Freed units are offered in the freeing transaction, so Redis has nothing to lose there; the offer sweeper
    // is the guarantee for units that became free any other way (here, a capacity changed behind the API's back).
    await t.dataSource.query(`UPDATE ticket_tiers SET capacity = 2 WHERE id = $1`, [sale.tierId]);
    await flush();
    expect(await entryStatus(t, e1.id)).toBe('waiting');
    await t.sweep('waitlist-offers');
    expect(await entryStatus(t, e1.id)).toBe('offered');
    expect(await tierCounts(t, sale.tierId)).toEqual({ capacity: 2, sold: 1, held: 1 });

    // The lapse job is lost too; the lapse sweeper rolls the offer on once its time is up.
    await flush();
    await t.sweep('waitlist-lapses');
    expect(await entryStatus(t, e1.id)).toBe('offered');
    t.clock.advance(ttlMs + 1000);
    await t.sweep('waitlist-lapses');
    expect(await entryStatus(t, e1.id)).toBe('lapsed');
    expect(await entryStatus(t, e2.id)).toBe('offered');
    // Idempotent: another pass changes nothing.
    await t.sweep('waitlist-lapses');
    await t.sweep('waitlist-offers');
    expect(await tierCounts(t, sale.tierId)).toEqual({ capacity: 2, sold: 1, held: 1 });

    const order = await claimOffer(t, second, e2.id).expect(201);
    const paid = await confirmOrder(t, second, order.body.id).expect(200);
    expect(paid.body.status).toBe('paid');
    expect(await tierCounts(t, sale.tierId)).toEqual({ capacity: 2, sold: 2, held: 0 });
  });
});
