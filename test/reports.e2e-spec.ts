import { ReadDatabase } from '../src/platform/database/read-database';
import { QueueName } from '../src/platform/jobs/queues';
import { createTestApp, TestApp } from './app';
import { addMember, createOnSaleEvent, OnSaleEvent, sharedAdmin } from './factories/catalog';
import { buyOrder, holdOrder, OrderBody, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { createList, scanOnline } from './factories/door';

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

describe('reports', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { BOOKING_FEE_BPS: '250' } });
  });
  afterAll(() => t.close());

  const salesReport = (user: TestUser, eventId: string) =>
    t
      .http()
      .get(api(`/events/${eventId}/reports/sales`))
      .set(authHeader(user.accessToken));
  const refund = (user: TestUser, orderId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(api(`/orders/${orderId}/refunds`))
      .set(authHeader(user.accessToken))
      .send(body)
      .expect(201);
  const setPaidAt = (order: OrderBody, iso: string) =>
    t.dataSource.query(`UPDATE orders SET paid_at = $2 WHERE id = $1`, [order.id, iso]);

  it('reads its figures from the primary when DATABASE_READ_URL is unset', () => {
    const read = t.app.get(ReadDatabase);
    expect(read.isReplica).toBe(false);
    expect(read.manager).toBe(t.dataSource.manager);
  });

  describe('GET /events/{id}/reports/sales', () => {
    let sale: OnSaleEvent;
    let tiers: { a: string; b: string; hidden: string; soldOut: string };

    beforeAll(async () => {
      sale = await createOnSaleEvent(t, {
        event: { ...farFuture(), currency: 'SEK', timezone: 'Europe/Berlin' },
        tiers: [
          { name: 'A', price: 2500, capacity: 10, sortOrder: 1 },
          { name: 'B', price: 4000, capacity: 5, sortOrder: 2 },
          { name: 'Hidden', price: 1000, capacity: 3, sortOrder: 3, hidden: true },
          { name: 'Sold out', price: 1000, capacity: 1, sortOrder: 4 },
        ],
      });
      const [a, b, hidden, soldOut] = sale.tierIds;
      tiers = { a, b, hidden, soldOut };
      const buyers = [
        await registerUser(t),
        await registerUser(t),
        await registerUser(t),
        await registerUser(t),
      ];
      // 2 × A: 5000 + 2.5% fee = 5125. A + B: 6500 + 163 = 6663. 1 × sold-out tier: 1000 + 25 = 1025.
      const first = await buyOrder(t, buyers[0], sale.eventId, [{ tierId: a, quantity: 2 }]);
      const second = await buyOrder(t, buyers[1], sale.eventId, [
        { tierId: a, quantity: 1 },
        { tierId: b, quantity: 1 },
      ]);
      const third = await buyOrder(t, buyers[2], sale.eventId, [{ tierId: soldOut, quantity: 1 }]);
      const pending = await holdOrder(t, buyers[3], sale.eventId, [{ tierId: b, quantity: 1 }]);
      // Out of reach of other specs' expiry sweepers, which run with their clocks moved ahead.
      await t.dataSource.query(`UPDATE orders SET expires_at = now() + interval '1 year' WHERE id = $1`, [
        pending.id,
      ]);
      // One ticket of the first order refunded (2500 back), the B ticket of the second checked in.
      const [refunded] = await ticketsOf(t, first.id);
      await refund(sale.owner, first.id, { ticketIds: [refunded.id] });
      const bTicket = (await ticketsOf(t, second.id)).find((x) => x.tier_id === b)!;
      const list = await createList(t, sale.owner, sale.eventId);
      await scanOnline(t, sale.owner, sale.eventId, list.id, bTicket.code).expect(200);
      // Paid at fixed instants: 23:30 UTC on the 15th is already the 16th in Berlin.
      await setPaidAt(first, '2030-01-15T12:00:00.000Z');
      await setPaidAt(third, '2030-01-15T20:00:00.000Z');
      await setPaidAt(second, '2030-01-15T23:30:00.000Z');
      // The sold-out tier's waitlist: two waiting, one holding an offer.
      for (const status of ['waiting', 'waiting', 'offered']) {
        const user = await registerUser(t);
        await t.dataSource.query(
          `INSERT INTO waitlist_entries (event_id, tier_id, user_id, status, quantity, offered_quantity,
                                         offered_at, offer_expires_at)
           VALUES ($1, $2, $3, $4, 1, $5, $6, $6)`,
          [
            sale.eventId,
            soldOut,
            user.id,
            status,
            status === 'offered' ? 1 : null,
            status === 'offered' ? new Date(Date.now() + 24 * 3600 * 1000) : null,
          ],
        );
      }
    });

    it('totals, tiers (with waitlists) and days in the event timezone, in minor units', async () => {
      await t.sweep('report-snapshots');
      const res = await salesReport(sale.owner, sale.eventId).expect(200);
      expect(res.body).toMatchObject({ eventId: sale.eventId, timezone: 'Europe/Berlin' });
      expect(res.body.totals).toEqual({
        ticketsSold: 4,
        gross: 5125 + 6663 + 1025,
        refunded: 2500,
        net: 5125 + 6663 + 1025 - 2500,
        // Untaxed tiers: no tax; the booking fees 125 + 163 + 25.
        tax: 0,
        taxRefunded: 0,
        fees: 313,
        checkedIn: 1,
        currency: 'SEK',
      });
      const none = { waiting: 0, offered: 0 };
      expect(res.body.byTier).toEqual([
        {
          tierId: tiers.a,
          name: 'A',
          price: 2500,
          capacity: 10,
          sold: 2,
          held: 0,
          available: 8,
          gross: 7500,
          netOfTax: 7500,
          tax: 0,
          refunded: 2500,
          checkedIn: 0,
          waitlist: none,
        },
        {
          tierId: tiers.b,
          name: 'B',
          price: 4000,
          capacity: 5,
          sold: 1,
          held: 1,
          available: 3,
          gross: 4000,
          netOfTax: 4000,
          tax: 0,
          refunded: 0,
          checkedIn: 1,
          waitlist: none,
        },
        {
          tierId: tiers.hidden,
          name: 'Hidden',
          price: 1000,
          capacity: 3,
          sold: 0,
          held: 0,
          available: 3,
          gross: 0,
          netOfTax: 0,
          tax: 0,
          refunded: 0,
          checkedIn: 0,
          waitlist: none,
        },
        {
          tierId: tiers.soldOut,
          name: 'Sold out',
          price: 1000,
          capacity: 1,
          sold: 1,
          held: 0,
          available: 0,
          gross: 1000,
          netOfTax: 1000,
          tax: 0,
          refunded: 0,
          checkedIn: 0,
          waitlist: { waiting: 2, offered: 1 },
        },
      ]);
      expect(res.body.byDay).toEqual([
        { date: '2030-01-15', ticketsSold: 3, gross: 5125 + 1025 },
        { date: '2030-01-16', ticketsSold: 2, gross: 6663 },
      ]);
    });

    it('managers and admins read it; door staff get 403 and strangers 404', async () => {
      const [manager, staff, stranger] = [
        await registerUser(t),
        await registerUser(t),
        await registerUser(t),
      ];
      await addMember(t, sale.owner, sale.promoter.id, manager, 'manager');
      await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
      await salesReport(manager, sale.eventId).expect(200);
      await salesReport(await sharedAdmin(t), sale.eventId).expect(200);
      const forbidden = await salesReport(staff, sale.eventId).expect(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
      const hidden = await salesReport(stranger, sale.eventId).expect(404);
      expect(hidden.body.code).toBe('NOT_FOUND');
      await salesReport(sale.owner, '4f8a7d1e-0000-4000-8000-00000000dead').expect(404);
    });

    it('money and check-ins come from the snapshots, as of figuresAsOf; unit counters are live', async () => {
      const fresh = await createOnSaleEvent(t, { event: farFuture(), tiers: [{ price: 4000, capacity: 9 }] });
      const [tierId] = fresh.tierIds;
      await t.sweep('report-snapshots');
      const first = (await salesReport(fresh.owner, fresh.eventId).expect(200)).body;
      const refreshedAt = new Date(first.figuresAsOf).getTime();
      expect(refreshedAt).toBeLessThanOrEqual(Date.now());

      await buyOrder(t, await registerUser(t), fresh.eventId, [{ tierId, quantity: 2 }]);
      const stale = (await salesReport(fresh.owner, fresh.eventId).expect(200)).body;
      expect(new Date(stale.figuresAsOf).getTime()).toBe(refreshedAt);
      expect(stale.totals).toMatchObject({ ticketsSold: 2, gross: 0, net: 0 });
      expect(stale.byTier[0]).toMatchObject({ sold: 2, available: 7, gross: 0 });
      expect(stale.byDay).toEqual([]);

      await t.sweep('report-snapshots');
      const now = (await salesReport(fresh.owner, fresh.eventId).expect(200)).body;
      expect(new Date(now.figuresAsOf).getTime()).toBeGreaterThan(refreshedAt);
      // Totals and days count what the order charged (2 × 4000 + 2.5 % fee); tiers count face value.
      expect(now.totals).toMatchObject({ ticketsSold: 2, gross: 8200, net: 8200 });
      expect(now.byTier[0]).toMatchObject({ sold: 2, available: 7, gross: 8000 });
      expect(now.byDay).toEqual([expect.objectContaining({ ticketsSold: 2, gross: 8200 })]);
    });

    it('an event with no sales reports zeros', async () => {
      const quiet = await createOnSaleEvent(t, { tiers: [{ capacity: 7 }] });
      const res = await salesReport(quiet.owner, quiet.eventId).expect(200);
      expect(res.body.totals).toEqual({
        ticketsSold: 0,
        gross: 0,
        refunded: 0,
        net: 0,
        tax: 0,
        taxRefunded: 0,
        fees: 0,
        checkedIn: 0,
        currency: 'EUR',
      });
      expect(res.body.byTier).toHaveLength(1);
      expect(res.body.byTier[0]).toMatchObject({ sold: 0, available: 7, gross: 0 });
      expect(res.body.byDay).toEqual([]);
    });
  });

  describe('GET /admin/reports/overview', () => {
    const overview = async (user: TestUser) =>
      (await t.http().get(api('/admin/reports/overview')).set(authHeader(user.accessToken)).expect(200)).body;
    // No other test sells in NOK, so its numbers here are exactly this test's sales.
    const nok = (body: { last30Days: { byCurrency: Array<{ currency: string }> } }) =>
      body.last30Days.byCurrency.find((c) => c.currency === 'NOK');

    it('counts promoters and events by status, recent sales per currency and every queue', async () => {
      const admin = await sharedAdmin(t);
      const before = await overview(admin);
      const sale = await createOnSaleEvent(t, {
        event: { ...farFuture(), currency: 'NOK' },
        tiers: [{ price: 10000 }],
      });
      const buyer = await registerUser(t);
      const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
      await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
      await refund(sale.owner, order.id, {});
      await t.sweep('report-snapshots');
      const after = await overview(admin);

      expect(Object.keys(after.promoters).sort()).toEqual(['approved', 'pending', 'rejected', 'suspended']);
      expect(after.promoters.approved).toBeGreaterThanOrEqual(before.promoters.approved + 1);
      expect(Object.keys(after.events).sort()).toEqual(['cancelled', 'completed', 'draft', 'published']);
      expect(after.events.published).toBeGreaterThanOrEqual(before.events.published + 1);
      expect(nok(before)).toBeUndefined();
      // 20000 + 500 fee, refunded in full; 10000 + 250.
      expect(nok(after)).toEqual({
        currency: 'NOK',
        orders: 2,
        ticketsSold: 3,
        gross: 30750,
        refunded: 20500,
        net: 10250,
      });
      expect(after.last30Days.to).toBe(new Date(after.generatedAt).toISOString().slice(0, 10));
      expect(after.queues.map((q: { queue: string }) => q.queue).sort()).toEqual(
        Object.values(QueueName).sort(),
      );
      for (const q of after.queues) {
        for (const n of [
          'waiting',
          'active',
          'delayed',
          'prioritized',
          'waitingChildren',
          'failed',
          'completed',
        ]) {
          expect(Number.isInteger(q[n])).toBe(true);
        }
      }
    });

    it('is for admins only', async () => {
      const promoterOwner = (await createOnSaleEvent(t)).owner;
      const res = await t
        .http()
        .get(api('/admin/reports/overview'))
        .set(authHeader(promoterOwner.accessToken));
      expect(res.status).toBe(403);
    });
  });
});
