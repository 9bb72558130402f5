import { OrderExpiryService } from '../src/checkout/orders/order-expiry.service';
import { createTestApp, eventually, TestApp } from './app';
import { createOnSaleEvent } from './factories/catalog';
import { confirmOrder, emailsTo, holdOrder, postOrder, ticketsOf, tierCounts } from './factories/orders';
import { registerUser } from './factories/users';
import { flushRedis, redisKeys } from './support/redis';

const orderStatus = async (t: TestApp, id: string): Promise<string> =>
  (await t.dataSource.query(`SELECT status FROM orders WHERE id = $1`, [id]))[0].status;

describe('orders: expiry and late payments', () => {
  let t: TestApp;
  let ttlMs: number;

  beforeAll(async () => {
    t = await createTestApp();
    ttlMs = t.config.inventory.holdTtlSeconds * 1000;
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  it('expires a hold with the sweep, which names the next deadline: units back, audited, emailed', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 4 }] });
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 3 }]);
    // Nothing per hold in Redis: no job of any queue carries the order.
    expect(await redisKeys(t, `*${order.id}*`)).toEqual([]);
    // Before its time the sweep leaves it, and says when to come back (no later than this hold's expiry).
    const early = await t.app.get(OrderExpiryService).expireOverdue(t.clock.now());
    expect(early.handled).toBe(0);
    expect(early.nextAt!.getTime()).toBeLessThanOrEqual(new Date(order.expiresAt).getTime());
    expect(await orderStatus(t, order.id)).toBe('pending');

    t.clock.advance(ttlMs + 1000);
    expect(await t.sweep('order-expiry')).toBeGreaterThanOrEqual(1);
    expect(await orderStatus(t, order.id)).toBe('expired');
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 0, sold: 0 });
    const audit = await t.dataSource.query(
      `SELECT action FROM audit_entries WHERE entity_id = $1 AND action = 'order.expired'`,
      [order.id],
    );
    expect(audit).toEqual([{ action: 'order.expired' }]);
    const mails = await emailsTo(t, buyer.email, 'hold-expired');
    expect(mails).toHaveLength(1);
    expect(mails[0].data).toMatchObject({ orderId: order.id });
  });

  it('a running worker releases a hold within 2 seconds of its expiry, on its own', async () => {
    // A worker whose sweeps tick every second: its first pass sees the hold and sets a timer for its deadline.
    const worker = await createTestApp({ env: { HOLD_TTL_SECONDS: '10', SWEEP_INTERVAL_SECONDS: '1' } });
    try {
      const sale = await createOnSaleEvent(worker, { tiers: [{ capacity: 2 }] });
      const buyer = await registerUser(worker);
      const order = await holdOrder(worker, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
      const [row] = await eventually(async () => {
        const rows: Array<{ status: string; expires_at: Date; closed_at: Date }> =
          await worker.dataSource.query(`SELECT status, expires_at, closed_at FROM orders WHERE id = $1`, [
            order.id,
          ]);
        return rows[0].status === 'expired' ? rows : null;
      }, 15_000);
      const lateMs = row.closed_at.getTime() - row.expires_at.getTime();
      expect(lateMs).toBeGreaterThanOrEqual(0);
      expect(lateMs).toBeLessThanOrEqual(2000);
    } finally {
      await worker.close();
    }
    // A 10 s hold, up to 15 s of waiting for it to end, and a second app's boot and close on a loaded machine.
  }, 60_000);

  it('the order path expires overdue holds before refusing a buyer', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 2 }] });
    const first = await registerUser(t);
    const late = await holdOrder(t, first, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    const second = await registerUser(t);
    const refused = await postOrder(t, second, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    expect(refused.body.code).toBe('INSUFFICIENT_INVENTORY');
    t.clock.advance(ttlMs + 1000);
    await postOrder(t, second, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]).expect(201);
    expect(await orderStatus(t, late.id)).toBe('expired');
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 2 });
  });

  it('a payment after expiry re-takes the units when they are still free', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 3, price: 1500 }] });
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    t.clock.advance(ttlMs + 1000);
    await t.sweep('order-expiry');
    expect(await orderStatus(t, order.id)).toBe('expired');
    const res = await confirmOrder(t, buyer, order.id).expect(200);
    expect(res.body).toMatchObject({ status: 'paid', refundedAmount: 0 });
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ sold: 2, held: 0 });
    expect(await ticketsOf(t, order.id)).toHaveLength(2);
  });

  it('a payment after expiry is refunded automatically when the units are gone', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 1, price: 2000 }] });
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    t.clock.advance(ttlMs + 1000);
    await t.sweep('order-expiry');
    const other = await registerUser(t);
    await holdOrder(t, other, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const res = await confirmOrder(t, buyer, order.id).expect(200);
    expect(res.body).toMatchObject({ status: 'refunded', refundedAmount: 2000 });
    expect(await ticketsOf(t, order.id)).toHaveLength(0);
    expect(await tierCounts(t, sale.tierIds[0])).toEqual({ capacity: 1, sold: 0, held: 1 });
    const refunds = await t.dataSource.query(
      `SELECT amount, status FROM payments WHERE order_id = $1 AND kind = 'refund'`,
      [order.id],
    );
    expect(refunds).toEqual([{ amount: 2000, status: 'succeeded' }]);
    expect(await emailsTo(t, buyer.email, 'refund-issued')).toHaveLength(1);
    // Confirming again changes nothing.
    await confirmOrder(t, buyer, order.id).expect(200);
    expect(
      await t.dataSource.query(`SELECT id FROM payments WHERE order_id = $1 AND kind = 'refund'`, [order.id]),
    ).toHaveLength(1);
  });

  it('expires holds whatever Redis forgot (FLUSHDB), exactly once', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 5 }] });
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 5 }]);
    await flushRedis(t);
    t.clock.advance(ttlMs + 1000);
    await t.sweep('order-expiry');
    expect(await orderStatus(t, order.id)).toBe('expired');
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 0 });
    // Idempotent: a second sweep releases nothing twice.
    await t.sweep('order-expiry');
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 0 });
  });
});
