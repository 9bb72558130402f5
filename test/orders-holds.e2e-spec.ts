import { randomUUID } from 'node:crypto';
import { requestFingerprint } from '../src/platform/idempotency/idempotency.service';
import { createTestApp, TestApp } from './app';
import { addMember, createOnSaleEvent, sharedAdmin } from './factories/catalog';
import { holdOrder, OrderBody, postOrder, tierCounts } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

describe('orders: holds on locked inventory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const buyers = async (n: number): Promise<TestUser[]> => {
    const users: TestUser[] = [];
    for (let i = 0; i < n; i++) users.push(await registerUser(t));
    return users;
  };

  it('creates a pending hold with prices copied, totals and payment instructions', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 4500, capacity: 10 }] });
    const buyer = await registerUser(t);
    const res = await postOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]).expect(
      201,
    );
    const order = res.body as OrderBody;
    expect(order).toMatchObject({
      status: 'pending',
      eventId: sale.eventId,
      subtotal: 9000,
      fees: 0,
      total: 9000,
      currency: 'EUR',
      items: [{ tierId: sale.tierIds[0], quantity: 2, unitPrice: 4500, lineTotal: 9000 }],
      payment: { provider: 'test', clientSecret: expect.any(String) },
    });
    const ttl = new Date(order.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(500_000);
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 2, sold: 0 });
  });

  it('N parallel buyers against capacity C: exactly C held, the rest 409, no 5xx', async () => {
    const capacity = 7;
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity }] });
    const people = await buyers(25);
    const results = await Promise.all(
      people.map((b) => postOrder(t, b, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }])),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(capacity);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'INSUFFICIENT_INVENTORY', details: { available: 0 } });
    }
    expect(await tierCounts(t, sale.tierIds[0])).toEqual({ capacity, sold: 0, held: capacity });
  });

  it('multi-tier orders in opposite tier orders never deadlock and never oversell', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 9 }, { capacity: 9 }, { capacity: 9 }] });
    const [a, b, c] = sale.tierIds;
    const people = await buyers(24);
    const shapes = [
      [a, b, c],
      [c, b, a],
      [b, a],
      [c, a],
    ];
    const results = await Promise.all(
      people.map((p, i) =>
        postOrder(
          t,
          p,
          sale.eventId,
          shapes[i % shapes.length].map((tierId) => ({ tierId, quantity: 1 })),
        ),
      ),
    );
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    const held = new Map(sale.tierIds.map((id) => [id, 0]));
    for (const r of results.filter((x) => x.status === 201)) {
      for (const item of (r.body as OrderBody).items)
        held.set(item.tierId, held.get(item.tierId)! + item.quantity);
    }
    for (const tierId of sale.tierIds) {
      const counts = await tierCounts(t, tierId);
      expect(counts.held).toBe(held.get(tierId));
      expect(counts.held).toBeLessThanOrEqual(9);
    }
    expect(results.some((r) => r.status === 201)).toBe(true);
  });

  it('refuses with a precise code: limits, availability and what is not on sale', async () => {
    const sale = await createOnSaleEvent(t, {
      tiers: [{ capacity: 5, minPerOrder: 2, maxPerOrder: 4 }, { capacity: 3 }, { hidden: true }],
    });
    const [limited, small, hidden] = sale.tierIds;
    const buyer = await registerUser(t);
    const refuse = async (
      items: Array<{ tierId: string; quantity: number }>,
      code: string,
      eventId = sale.eventId,
    ) => {
      const res = await postOrder(t, buyer, eventId, items);
      expect(res.body.code).toBe(code);
      return res;
    };
    await refuse([{ tierId: limited, quantity: 1 }], 'ORDER_LIMIT_EXCEEDED');
    await refuse([{ tierId: limited, quantity: 5 }], 'ORDER_LIMIT_EXCEEDED');
    const short = await refuse([{ tierId: small, quantity: 4 }], 'INSUFFICIENT_INVENTORY');
    expect(short.status).toBe(409);
    expect(short.body.details).toMatchObject({ tierId: small, requested: 4, available: 3 });
    await refuse([{ tierId: hidden, quantity: 1 }], 'TIER_NOT_ON_SALE');
    const other = await createOnSaleEvent(t);
    await refuse([{ tierId: other.tierIds[0], quantity: 1 }], 'TIER_NOT_ON_SALE');
    await holdOrder(t, buyer, sale.eventId, [{ tierId: limited, quantity: 3 }]);
    const over = await refuse([{ tierId: limited, quantity: 2 }], 'BUYER_LIMIT_EXCEEDED');
    expect(over.body.details).toMatchObject({ maxPerOrder: 4, requestedTotal: 5 });
    const dup = await postOrder(t, buyer, sale.eventId, [
      { tierId: small, quantity: 1 },
      { tierId: small, quantity: 1 },
    ]);
    expect(dup.status).toBe(400);
    const missing = await postOrder(t, buyer, randomUUID(), [{ tierId: small, quantity: 1 }]);
    expect(missing.status).toBe(404);
  });

  it('refuses orders for an unpublished or cancelled event, or a suspended promoter', async () => {
    const buyer = await registerUser(t);
    const sale = await createOnSaleEvent(t);
    const admin = await sharedAdmin(t);
    await t
      .http()
      .post(api(`/admin/promoters/${sale.promoter.id}/suspend`))
      .set(authHeader(admin.accessToken))
      .send({ reason: 'Checks pending' })
      .expect(200);
    const res = await postOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EVENT_NOT_ON_SALE');
    const cancelled = await createOnSaleEvent(t);
    await t.dataSource.query(`UPDATE events SET status = 'cancelled' WHERE id = $1`, [cancelled.eventId]);
    const res2 = await postOrder(t, buyer, cancelled.eventId, [
      { tierId: cancelled.tierIds[0], quantity: 1 },
    ]);
    expect(res2.body.code).toBe('EVENT_NOT_ON_SALE');
  });

  it('a free order is paid at once and issues tickets without a provider', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 0, capacity: 5 }] });
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    expect(order).toMatchObject({ status: 'paid', total: 0, payment: { provider: 'none' } });
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ sold: 2, held: 0 });
    const tickets = await t.dataSource.query(`SELECT id FROM tickets WHERE order_id = $1`, [order.id]);
    expect(tickets).toHaveLength(2);
  });

  it('the buyer cancels their hold and the units go back on sale', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 5 }] });
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 3 }]);
    const stranger = await registerUser(t);
    await t
      .http()
      .post(api(`/orders/${order.id}/cancel`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
    const res = await t
      .http()
      .post(api(`/orders/${order.id}/cancel`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(res.body.status).toBe('cancelled');
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 0 });
    const again = await t
      .http()
      .post(api(`/orders/${order.id}/cancel`))
      .set(authHeader(buyer.accessToken));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ORDER_NOT_PENDING');
  });

  it('buyers see their own orders; organisers see their events; strangers get 404', async () => {
    const sale = await createOnSaleEvent(t);
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const stranger = await registerUser(t);
    const staff = await registerUser(t);
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    await t
      .http()
      .get(api(`/orders/${order.id}`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
    await t
      .http()
      .get(api(`/orders/${order.id}`))
      .set(authHeader(staff.accessToken))
      .expect(404);
    const mine = await t
      .http()
      .get(api(`/orders/${order.id}`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(mine.body.payment.clientSecret).toEqual(expect.any(String));
    const theirs = await t
      .http()
      .get(api(`/orders/${order.id}`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(theirs.body.payment.clientSecret).toBeUndefined();
    const admin = await sharedAdmin(t);
    await t
      .http()
      .get(api(`/orders/${order.id}`))
      .set(authHeader(admin.accessToken))
      .expect(200);

    const own = await t.http().get(api('/orders')).set(authHeader(buyer.accessToken)).expect(200);
    expect(own.body.items.map((o: OrderBody) => o.id)).toEqual([order.id]);
    const strangers = await t.http().get(api('/orders')).set(authHeader(stranger.accessToken)).expect(200);
    expect(strangers.body.total).toBe(0);
    const byEvent = await t
      .http()
      .get(api(`/orders?eventId=${sale.eventId}`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(byEvent.body.items.map((o: OrderBody) => o.id)).toEqual([order.id]);
    const strangerByEvent = await t
      .http()
      .get(api(`/orders?eventId=${sale.eventId}`))
      .set(authHeader(stranger.accessToken))
      .expect(200);
    expect(strangerByEvent.body.total).toBe(0);
    const byPromoter = await t
      .http()
      .get(api(`/orders?promoterId=${sale.promoter.id}`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(byPromoter.body.total).toBe(1);
    await t
      .http()
      .get(api(`/orders?promoterId=${sale.promoter.id}`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
  });
});

describe('orders: Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('replays the first response for the same key and body, and holds once', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 10 }] });
    const buyer = await registerUser(t);
    const key = randomUUID();
    const items = [{ tierId: sale.tierIds[0], quantity: 2 }];
    const first = await postOrder(t, buyer, sale.eventId, items, key).expect(201);
    const second = await postOrder(t, buyer, sale.eventId, items, key).expect(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 2 });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1`, [
      buyer.id,
    ]);
    expect(n).toBe(1);
  });

  it('refuses the same key with another body (422), and keys are per user', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 10 }] });
    const buyer = await registerUser(t);
    const key = randomUUID();
    await postOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }], key).expect(201);
    const reuse = await postOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }], key);
    expect(reuse.status).toBe(422);
    expect(reuse.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const other = await registerUser(t);
    await postOrder(t, other, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }], key).expect(201);
  });

  it('answers 409 while the same request is in flight elsewhere, and releases the key of a refused request', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 1 }] });
    const buyer = await registerUser(t);
    const key = randomUUID();
    const items = [{ tierId: sale.tierIds[0], quantity: 1 }];
    // Another instance is still working on this exact request.
    await t.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status, expires_at)
       VALUES ($1, $2, $3, 'in_flight', now() + interval '1 hour')`,
      [
        buyer.id,
        `${key}-busy`,
        requestFingerprint('POST', '/api/v1/orders', { eventId: sale.eventId, items }),
      ],
    );
    const busy = await postOrder(t, buyer, sale.eventId, items, `${key}-busy`);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
    // A failed request (no stock) releases its key, so the same key can be retried once stock is back.
    const other = await registerUser(t);
    await holdOrder(t, other, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const refused = await postOrder(t, buyer, sale.eventId, items, key);
    expect(refused.status).toBe(409);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [buyer.id, key],
    );
    expect(n).toBe(0);
  });

  it('answers IDEMPOTENCY_KEY_IN_FLIGHT to a concurrent duplicate', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 10 }] });
    const buyer = await registerUser(t);
    const key = randomUUID();
    const items = [{ tierId: sale.tierIds[0], quantity: 1 }];
    const results = await Promise.all(
      Array.from({ length: 6 }, () => postOrder(t, buyer, sale.eventId, items, key)),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of results.filter((x) => x.status !== 201))
      expect(r.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 1 });
  });
});
