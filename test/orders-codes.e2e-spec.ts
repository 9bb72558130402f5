import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { codeUses, createCode } from './factories/codes';
import { confirmOrder, OrderBody, ticketsOf, tierCounts } from './factories/orders';
import { authHeader, createCrowd, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Codes at checkout: a code's uses are inventory (held by pending orders, used by paid ones, under the
 * `chk_promo_codes_uses` CHECK), decided in arrival order inside the coalesced hold batch, and released with
 * the units on expiry, cancel and whole refunds. Discounts are per unit, rounded down; the booking fee is
 * charged on what is left.
 */
describe('orders: codes', () => {
  let t: TestApp;
  let ttlMs: number;

  beforeAll(async () => {
    t = await createTestApp({ env: { BOOKING_FEE_BPS: '250' } });
    ttlMs = t.config.inventory.holdTtlSeconds * 1000;
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const order = (
    buyer: TestUser,
    sale: OnSaleEvent,
    quantity: number,
    code?: string,
    tierId = sale.tierIds[0],
  ) =>
    t
      .http()
      .post(api('/orders'))
      .set(authHeader(buyer.accessToken))
      .send({ eventId: sale.eventId, items: [{ tierId, quantity }], ...(code ? { code } : {}) });

  const ordersCarrying = async (codeId: string, status: string): Promise<number> => {
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM orders WHERE promo_code_id = $1 AND status = $2`,
      [codeId, status],
    );
    return n as number;
  };

  it('200 buyers at once on a code with 10 uses: exactly 10 orders carry it, the rest are told it is used up', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 1000, price: 2000 }] });
    const code = await createCode(t, sale.owner, sale.eventId, { code: 'TEN-ONLY', maxUses: 10 });
    const crowd = await createCrowd(t, 200);
    const results = await Promise.all(crowd.map((buyer) => order(buyer, sale, 1, 'ten-only')));
    expect(results.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
    const accepted = results.filter((r) => r.status === 201);
    expect(accepted).toHaveLength(10);
    for (const r of accepted) expect(r.body).toMatchObject({ code: 'TEN-ONLY', discount: 200, total: 1845 });
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(190);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'CODE_EXHAUSTED', details: { reason: 'max_uses', limit: 10 } });
    }
    expect(await ordersCarrying(code.id, 'pending')).toBe(10);
    expect(await codeUses(t, code.id)).toEqual({ used: 0, held: 10 });
    expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ held: 10 });
  });

  it('gives the use back when the hold expires, through the sweep and through the order path', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 10 }] });
    const code = await createCode(t, sale.owner, sale.eventId, { code: 'ONCE', maxUses: 1 });
    const [a, b, c] = [await registerUser(t), await registerUser(t), await registerUser(t)];
    await order(a, sale, 1, 'ONCE').expect(201);
    expect((await order(b, sale, 1, 'ONCE')).body).toMatchObject({ code: 'CODE_EXHAUSTED' });

    t.clock.advance(ttlMs + 1000);
    expect(await t.sweep('order-expiry')).toBeGreaterThanOrEqual(1);
    expect(await codeUses(t, code.id)).toEqual({ used: 0, held: 0 });
    expect(await ordersCarrying(code.id, 'expired')).toBe(1);
    await order(b, sale, 1, 'ONCE').expect(201);

    // B's hold runs out too, and nobody sweeps: C's order expires it on the way instead of refusing C.
    t.clock.advance(ttlMs + 1000);
    const res = await order(c, sale, 1, 'ONCE');
    expect(res.status).toBe(201);
    expect(await ordersCarrying(code.id, 'expired')).toBe(2);
    expect(await codeUses(t, code.id)).toEqual({ used: 0, held: 1 });
  });

  it('gives the use back when the buyer cancels the hold', async () => {
    const sale = await createOnSaleEvent(t);
    const code = await createCode(t, sale.owner, sale.eventId, { code: 'CANCEL-ME', maxUses: 1 });
    const buyer = await registerUser(t);
    const held = (await order(buyer, sale, 2, 'CANCEL-ME').expect(201)).body as OrderBody;
    await t
      .http()
      .post(api(`/orders/${held.id}/cancel`))
      .set(authHeader(buyer.accessToken))
      .send()
      .expect(200);
    expect(await codeUses(t, code.id)).toEqual({ used: 0, held: 0 });
    await order(await registerUser(t), sale, 1, 'CANCEL-ME').expect(201);
  });

  it('moves the use from held to used on payment; a whole refund gives it back, a partial one does not', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ capacity: 20, price: 3000 }] });
    const code = await createCode(t, sale.owner, sale.eventId, {
      code: 'REFUNDS',
      maxUses: 1,
      discountBps: null,
      discountAmount: 500,
    });
    const buyer = await registerUser(t);
    const held = (await order(buyer, sale, 3, 'REFUNDS').expect(201)).body as OrderBody;
    const paid = await confirmOrder(t, buyer, held.id).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', subtotal: 9000, discount: 1500, total: 7500 + 188 });
    expect(await codeUses(t, code.id)).toEqual({ used: 1, held: 0 });
    const [first, ...rest] = await ticketsOf(t, held.id);

    const refund = (ticketIds?: string[]) =>
      t
        .http()
        .post(api(`/orders/${held.id}/refunds`))
        .set(authHeader(sale.token))
        .send(ticketIds ? { ticketIds } : {});
    const partial = await refund([first.id]).expect(201);
    // A ticket gives back what it cost: its price less its discount (the fee stays with a partial refund).
    expect(partial.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 2500 });
    expect(await codeUses(t, code.id)).toEqual({ used: 1, held: 0 });
    expect((await order(await registerUser(t), sale, 1, 'REFUNDS')).body.code).toBe('CODE_EXHAUSTED');

    const whole = await refund(rest.map((k) => k.id)).expect(201);
    expect(whole.body).toMatchObject({ status: 'refunded', refundedAmount: 7688 });
    expect(await codeUses(t, code.id)).toEqual({ used: 0, held: 0 });
    await order(await registerUser(t), sale, 1, 'REFUNDS').expect(201);
  });

  it('prices a percentage per unit, rounded down, on the tiers it covers, with the fee on the discounted subtotal', async () => {
    const sale = await createOnSaleEvent(t, {
      tiers: [
        { name: 'Standing', price: 1999, maxPerOrder: 5 },
        { name: 'VIP', price: 5000 },
      ],
    });
    await createCode(t, sale.owner, sale.eventId, {
      code: 'STANDING15',
      discountBps: 1500,
      tierIds: [sale.tierIds[0]],
    });
    const buyer = await registerUser(t);
    const res = await t
      .http()
      .post(api('/orders'))
      .set(authHeader(buyer.accessToken))
      .send({
        eventId: sale.eventId,
        items: [
          { tierId: sale.tierIds[0], quantity: 3 },
          { tierId: sale.tierIds[1], quantity: 1 },
        ],
        code: 'standing15',
      })
      .expect(201);
    // 15% of 1999 is 299.85: 299 off each Standing ticket. 10997 - 897 = 10100, and 2.5% of it is 252.5 → 253.
    expect(res.body).toMatchObject({
      subtotal: 10997,
      discount: 897,
      fees: 253,
      total: 10353,
      code: 'STANDING15',
    });
    const byTier = new Map(
      (res.body as OrderBody & { items: Array<Record<string, unknown>> }).items.map((i) => [i.tierId, i]),
    );
    expect(byTier.get(sale.tierIds[0])).toMatchObject({
      unitPrice: 1999,
      unitDiscount: 299,
      lineTotal: 5997,
      discount: 897,
    });
    expect(byTier.get(sale.tierIds[1])).toMatchObject({ unitPrice: 5000, unitDiscount: 0, discount: 0 });
    // The provider is asked for exactly the total.
    expect((res.body as OrderBody).payment.reference).toMatch(/^pi_test_10353_EUR_/);
  });

  it('refuses a code that does nothing for the order, and codes that are unknown, deactivated or expired', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{}, {}] });
    await createCode(t, sale.owner, sale.eventId, { code: 'ONLY-SECOND', tierIds: [sale.tierIds[1]] });
    const old = await createCode(t, sale.owner, sale.eventId, {
      code: 'SHORT-LIVED',
      validUntil: new Date(Date.now() + DAY_MS).toISOString(),
    });
    const off = await createCode(t, sale.owner, sale.eventId, { code: 'SWITCHED-OFF' });
    await t
      .http()
      .post(api(`/codes/${off.id}/deactivate`))
      .set(authHeader(sale.token))
      .send()
      .expect(200);
    const buyer = await registerUser(t);
    const notApplicable = await order(buyer, sale, 1, 'only-second');
    expect(notApplicable.status).toBe(409);
    expect(notApplicable.body).toMatchObject({
      code: 'CODE_NOT_APPLICABLE',
      details: { tierIds: [sale.tierIds[1]] },
    });
    const unknown = await order(buyer, sale, 1, 'NO-SUCH-CODE');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'CODE_INVALID', details: { reason: 'unknown' } });
    expect((await order(buyer, sale, 1, 'switched-off')).body).toMatchObject({
      code: 'CODE_INVALID',
      details: { reason: 'inactive' },
    });
    t.clock.advance(DAY_MS + 1000);
    expect((await order(buyer, sale, 1, old.code)).body).toMatchObject({
      code: 'CODE_INVALID',
      details: { reason: 'expired' },
    });
  });

  it("holds a buyer to the code's per-buyer limit, counting pending and paid orders", async () => {
    const sale = await createOnSaleEvent(t);
    const code = await createCode(t, sale.owner, sale.eventId, { code: 'ONE-EACH', maxPerBuyer: 1 });
    const [greedy, other] = [await registerUser(t), await registerUser(t)];
    const first = (await order(greedy, sale, 1, 'ONE-EACH').expect(201)).body as OrderBody;
    const again = await order(greedy, sale, 1, 'ONE-EACH');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'CODE_EXHAUSTED',
      details: { reason: 'max_per_buyer', limit: 1 },
    });
    await order(other, sale, 1, 'ONE-EACH').expect(201);
    // Paid, the use still counts for that buyer; without the code they buy at full price.
    await confirmOrder(t, greedy, first.id).expect(200);
    expect((await order(greedy, sale, 1, 'ONE-EACH')).body.code).toBe('CODE_EXHAUSTED');
    expect((await order(greedy, sale, 1).expect(201)).body).toMatchObject({ discount: 0, code: null });
    expect(await codeUses(t, code.id)).toEqual({ used: 1, held: 1 });
  });

  it('lets a presale code buy before the sales window opens, only for the tiers it opens', async () => {
    const opens = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const sale = await createOnSaleEvent(t, { tiers: [{ salesStartAt: opens }, { salesStartAt: opens }] });
    await createCode(t, sale.owner, sale.eventId, {
      code: 'EARLY',
      kind: 'presale',
      discountBps: null,
      tierIds: [sale.tierIds[0]],
    });
    const buyer = await registerUser(t);
    const without = await order(buyer, sale, 1);
    expect(without.body).toMatchObject({ code: 'TIER_NOT_ON_SALE', details: { reason: 'not_started' } });
    const early = await order(buyer, sale, 2, 'early').expect(201);
    expect(early.body).toMatchObject({ code: 'EARLY', discount: 0, subtotal: 5000 });
    const otherTier = await order(buyer, sale, 1, 'EARLY', sale.tierIds[1]);
    expect(otherTier.body).toMatchObject({
      code: 'TIER_NOT_ON_SALE',
      details: { tierId: sale.tierIds[1], reason: 'not_started' },
    });
    // The event page read with the code shows the opened tier on sale; the public page does not.
    const seen = await t
      .http()
      .get(api(`/events/${sale.eventId}?code=early`))
      .expect(200);
    const statuses = new Map(
      (seen.body.tiers as Array<{ id: string; status: string }>).map((x) => [x.id, x.status]),
    );
    expect(statuses.get(sale.tierIds[0])).toBe('on_sale');
    expect(statuses.get(sale.tierIds[1])).toBe('not_started');
    expect(seen.body.code).toMatchObject({ code: 'EARLY', kind: 'presale', tierIds: [sale.tierIds[0]] });
    const open = await t
      .http()
      .get(api(`/events/${sale.eventId}`))
      .expect(200);
    expect((open.body.tiers as Array<{ status: string }>).map((x) => x.status)).toEqual([
      'not_started',
      'not_started',
    ]);
    expect(open.body.code).toBeUndefined();
  });

  it('reveals hidden tiers to an access code, sells them with it, and keeps them off the public page', async () => {
    const sale = await createOnSaleEvent(t, {
      tiers: [{ name: 'Public' }, { name: 'Guest list', hidden: true, price: 0 }],
    });
    const [, hiddenId] = sale.tierIds;
    await createCode(t, sale.owner, sale.eventId, {
      code: 'GUESTS',
      kind: 'access',
      discountBps: null,
      tierIds: [hiddenId],
    });
    await createCode(t, sale.owner, sale.eventId, { code: 'MONEY-OFF' });
    const ids = (body: { tiers: Array<{ id: string }> }) => body.tiers.map((x) => x.id);

    const before = await t
      .http()
      .get(api(`/events/${sale.eventId}`))
      .expect(200);
    expect(ids(before.body)).toEqual([sale.tierIds[0]]);
    const withCode = await t
      .http()
      .get(api(`/events/${sale.eventId}?code=Guests`))
      .expect(200);
    expect(ids(withCode.body).sort()).toEqual([...sale.tierIds].sort());
    expect(withCode.headers['cache-control']).toBe('private, max-age=1');
    // Read again after the code's view was cached: the public page still hides the tier.
    const after = await t
      .http()
      .get(api(`/events/${sale.eventId}`))
      .expect(200);
    expect(ids(after.body)).toEqual([sale.tierIds[0]]);
    const invalid = await t.http().get(api(`/events/${sale.eventId}?code=NOPE`));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'CODE_INVALID', details: { reason: 'unknown' } });

    const buyer = await registerUser(t);
    expect((await order(buyer, sale, 1, undefined, hiddenId)).body).toMatchObject({
      code: 'TIER_NOT_ON_SALE',
      details: { reason: 'hidden' },
    });
    expect((await order(buyer, sale, 1, 'MONEY-OFF', hiddenId)).body).toMatchObject({
      code: 'TIER_NOT_ON_SALE',
      details: { reason: 'hidden' },
    });
    // A free hidden tier: the order is paid at once and its ticket issued.
    const guest = await order(buyer, sale, 1, 'GUESTS', hiddenId).expect(201);
    expect(guest.body).toMatchObject({ status: 'paid', code: 'GUESTS', total: 0 });
    expect(await ticketsOf(t, guest.body.id)).toHaveLength(1);
  });

  it('shows the discounted price on the event page read with a discount code', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 4000 }, { price: 1000 }] });
    await createCode(t, sale.owner, sale.eventId, {
      code: 'FIVE-OFF',
      discountBps: null,
      discountAmount: 500,
      tierIds: [sale.tierIds[0]],
    });
    const seen = await t
      .http()
      .get(api(`/events/${sale.eventId}?code=five-off`))
      .expect(200);
    const tiers = new Map((seen.body.tiers as Array<{ id: string }>).map((x) => [x.id, x]));
    expect(tiers.get(sale.tierIds[0])).toMatchObject({ price: 4000, priceWithCode: 3500 });
    expect(tiers.get(sale.tierIds[1])).not.toHaveProperty('priceWithCode');
  });

  it('counts uses per code in the sales report: uses, holds and what the code took off', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 2000 }] });
    const code = await createCode(t, sale.owner, sale.eventId, { code: 'REPORTED', discountBps: 2500 });
    await createCode(t, sale.owner, sale.eventId, { code: 'NEVER-USED' });
    const [a, b, c] = [await registerUser(t), await registerUser(t), await registerUser(t)];
    const paidA = (await order(a, sale, 2, 'REPORTED').expect(201)).body as OrderBody;
    await confirmOrder(t, a, paidA.id).expect(200);
    const paidB = (await order(b, sale, 1, 'REPORTED').expect(201)).body as OrderBody;
    await confirmOrder(t, b, paidB.id).expect(200);
    await order(c, sale, 1, 'REPORTED').expect(201);
    const report = await t
      .http()
      .get(api(`/events/${sale.eventId}/reports/sales`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(report.body.byCode).toEqual([
      {
        codeId: code.id,
        code: 'REPORTED',
        kind: 'discount',
        maxUses: null,
        used: 2,
        held: 1,
        discount: 1500,
      },
    ]);
  });
});
