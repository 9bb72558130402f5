import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { createOnSaleEvent } from './factories/catalog';
import { holdOrder, OrderBody, postOrder, tierCounts } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';

/**
 * Holds for one tier that arrive together on one instance are placed in one transaction. These tests check
 * that a batch behaves exactly like the same requests placed one at a time: every buyer gets their own answer,
 * a refusal is the refused buyer's alone, the last units go to the earliest requests that fit, and two instances
 * batching at once never oversell.
 */
describe('orders: coalesced holds', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestApp({ role: 'api' }), createTestApp({ role: 'api' })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  const buyers = async (n: number): Promise<TestUser[]> => {
    const users: TestUser[] = [];
    for (let i = 0; i < n; i++) users.push(await registerUser(a));
    return users;
  };
  /**
   * How many transactions wrote these orders' items (rows written by one transaction share its xmin; the items,
   * unlike the orders, are never updated afterwards).
   */
  const transactionsOf = async (orderIds: string[]): Promise<number> => {
    const [row] = await a.dataSource.query(
      `SELECT count(DISTINCT xmin::text)::int AS n FROM order_items WHERE order_id = ANY($1::uuid[])`,
      [orderIds],
    );
    return row.n as number;
  };

  it('places concurrent holds of one tier in fewer transactions than holds, each buyer answered', async () => {
    const sale = await createOnSaleEvent(a, { tiers: [{ capacity: 100 }] });
    const people = await buyers(40);
    const results = await Promise.all(
      people.map((p) => postOrder(a, p, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }])),
    );
    expect(results.map((r) => r.status)).toEqual(people.map(() => 201));
    const orders = results.map((r) => r.body as OrderBody);
    // Each answer is that buyer's own order.
    expect(orders.map((o) => o.buyerId)).toEqual(people.map((p) => p.id));
    expect(new Set(orders.map((o) => o.id)).size).toBe(40);
    expect(await transactionsOf(orders.map((o) => o.id))).toBeLessThan(40);
    expect(await tierCounts(a, sale.tierIds[0])).toEqual({ capacity: 100, sold: 0, held: 80 });
  });

  it('gives the last units to the earliest requests that fit, with mixed quantities', async () => {
    const sale = await createOnSaleEvent(a, { tiers: [{ capacity: 10, maxPerOrder: 6 }] });
    const people = await buyers(6);
    const quantities = [4, 5, 3, 1, 2, 1];
    const results = await Promise.all(
      people.map((p, i) =>
        postOrder(a, p, sale.eventId, [{ tierId: sale.tierIds[0], quantity: quantities[i] }]),
      ),
    );
    const held = results.reduce((sum, r, i) => sum + (r.status === 201 ? quantities[i] : 0), 0);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.code).toBe('INSUFFICIENT_INVENTORY');
      // A refusal says what was left when that request's turn came, which is less than it asked for.
      expect(r.body.details.available).toBeLessThan(r.body.details.requested);
    }
    expect(held).toBeLessThanOrEqual(10);
    expect(await tierCounts(a, sale.tierIds[0])).toEqual({ capacity: 10, sold: 0, held });
    // Nothing that fitted was turned away: what is left is smaller than every refused request.
    const refusedSmallest = Math.min(...results.flatMap((r, i) => (r.status === 409 ? [quantities[i]] : [])));
    expect(10 - held).toBeLessThan(refusedSmallest);
    // Refused requests leave no order behind.
    const [{ n }] = await a.dataSource.query(
      `SELECT count(*)::int AS n FROM orders WHERE event_id = $1 AND status = 'pending'`,
      [sale.eventId],
    );
    expect(n).toBe(results.filter((r) => r.status === 201).length);
  });

  it("refuses one buyer's over-limit request without failing the others in its batch", async () => {
    const sale = await createOnSaleEvent(a, { tiers: [{ capacity: 50, maxPerOrder: 3 }] });
    const [greedy, ...others] = await buyers(8);
    await holdOrder(a, greedy, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    const results = await Promise.all([
      // Two more of the greedy buyer's in the same burst: 2 + 1 fits their limit of 3, the next 1 does not.
      postOrder(a, greedy, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]),
      ...others.map((p) => postOrder(a, p, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 3 }])),
      postOrder(a, greedy, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]),
    ]);
    const greedyStatuses = [results[0].status, results[results.length - 1].status].sort();
    expect(greedyStatuses).toEqual([201, 409]);
    const refused = [results[0], results[results.length - 1]].find((r) => r.status === 409)!;
    expect(refused.body).toMatchObject({
      code: 'BUYER_LIMIT_EXCEEDED',
      details: { tierId: sale.tierIds[0], maxPerOrder: 3, requestedTotal: 4 },
    });
    expect(results.slice(1, -1).map((r) => r.status)).toEqual(others.map(() => 201));
    expect(await tierCounts(a, sale.tierIds[0])).toMatchObject({ held: 2 + 1 + 3 * others.length });
  });

  it('never oversells with two instances batching the same tier at once', async () => {
    const capacity = 30;
    const sale = await createOnSaleEvent(a, { tiers: [{ capacity, maxPerOrder: 4 }] });
    const people = await buyers(60);
    const results = await Promise.all(
      people.map((p, i) =>
        postOrder(i % 2 === 0 ? a : b, p, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 + (i % 3) }]),
      ),
    );
    expect(results.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
    const accepted = results.flatMap((r, i) => (r.status === 201 ? [1 + (i % 3)] : []));
    const counts = await tierCounts(a, sale.tierIds[0]);
    expect(counts.held).toBe(accepted.reduce((x, y) => x + y, 0));
    expect(counts.held).toBeLessThanOrEqual(capacity);
    expect(capacity - counts.held).toBeLessThan(3);
    const [{ units }] = await a.dataSource.query(
      `SELECT coalesce(sum(i.quantity), 0)::int AS units FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE i.tier_id = $1 AND o.status = 'pending'`,
      [sale.tierIds[0]],
    );
    expect(units).toBe(counts.held);
  });

  it('keeps Idempotency-Key semantics inside a batch: a replay answers the first hold, not a second one', async () => {
    const sale = await createOnSaleEvent(a, { tiers: [{ capacity: 20 }] });
    const [buyer, ...others] = await buyers(6);
    const key = randomUUID();
    const first = await postOrder(
      a,
      buyer,
      sale.eventId,
      [{ tierId: sale.tierIds[0], quantity: 1 }],
      key,
    ).expect(201);
    const results = await Promise.all([
      postOrder(a, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }], key),
      ...others.map((p) => postOrder(a, p, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }])),
    ]);
    expect(results[0].status).toBe(201);
    expect(results[0].headers['idempotent-replayed']).toBe('true');
    expect(results[0].body.id).toBe(first.body.id);
    expect(await tierCounts(a, sale.tierIds[0])).toMatchObject({ held: 1 + others.length });
    const mine = await a
      .http()
      .get('/api/v1/orders')
      .query({ eventId: sale.eventId })
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(mine.body.total).toBe(1);
  });
});
