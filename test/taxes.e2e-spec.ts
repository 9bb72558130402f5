import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, createTier } from './factories/catalog';
import { createCode } from './factories/codes';
import { buyOrder, holdOrder, OrderBody } from './factories/orders';
import { authHeader, registerUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

/**
 * Taxes per tier (issue 12): rate and mode snapshotted on the order items, the split computed per line on the
 * price after the code's discount and rounded half up, the booking fee on top untaxed, and the reports' split.
 */
jest.setTimeout(120_000);

describe('taxes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { BOOKING_FEE_BPS: '1000' } });
  });
  afterAll(() => t.close());

  it('prices inclusive and exclusive lines after a discount, per line, half up; the total is what is charged', async () => {
    const sale = await createOnSaleEvent(t, {
      tiers: [
        { price: 1999, capacity: 20, taxRateBps: 2000, taxMode: 'inclusive' },
        { price: 1001, capacity: 20, taxRateBps: 700, taxMode: 'exclusive' },
      ],
    });
    const [incl, excl] = sale.tierIds;
    await createCode(t, sale.owner, sale.eventId, { code: 'TAX10', discountBps: 1000 });
    const buyer = await registerUser(t);
    const res = await t
      .http()
      .post(api('/orders'))
      .set(authHeader(buyer.accessToken))
      .send({
        eventId: sale.eventId,
        code: 'TAX10',
        items: [
          { tierId: incl, quantity: 3 },
          { tierId: excl, quantity: 3 },
        ],
      })
      .expect(201);
    const order = res.body as OrderBody & { items: Array<Record<string, unknown>> };
    const byTier = new Map(order.items.map((i) => [i.tierId, i]));
    // Inclusive: 1999 - 199 (10%, rounded down) = 1800 a unit; 5400 × 2000 / 12000 = 900.
    expect(byTier.get(incl)).toMatchObject({
      unitPrice: 1999,
      unitDiscount: 199,
      taxRateBps: 2000,
      taxMode: 'inclusive',
      net: 4500,
      tax: 900,
      gross: 5400,
    });
    // Exclusive: 1001 - 100 = 901 a unit; 2703 × 7% = 189.21 → 189, added on top.
    expect(byTier.get(excl)).toMatchObject({
      unitPrice: 1001,
      unitDiscount: 100,
      taxRateBps: 700,
      taxMode: 'exclusive',
      net: 2703,
      tax: 189,
      gross: 2892,
    });
    // Fee: 10% of the price after the discount (5400 + 2703 = 8103) = 810.3 → 810, untaxed.
    expect(order).toMatchObject({
      subtotal: 3 * 1999 + 3 * 1001,
      discount: 3 * 199 + 3 * 100,
      net: 7203,
      tax: 1089,
      gross: 8292,
      fees: 810,
      total: 9102,
    });

    // The test provider charges the total; fulfilment refuses any other amount, so a paid order proves it.
    const paid = await t
      .http()
      .post(api(`/orders/${order.id}/confirm`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', total: 9102, tax: 1089 });
    const [charge] = await t.dataSource.query(
      `SELECT amount FROM payments WHERE order_id = $1 AND kind = 'charge'`,
      [order.id],
    );
    expect(charge.amount).toBe(9102);
  });

  it('a later change of the tier never alters an order: the rate and mode are copied', async () => {
    const sale = await createOnSaleEvent(t, {
      tiers: [{ price: 1000, taxRateBps: 1000, taxMode: 'exclusive' }],
    });
    const buyer = await registerUser(t);
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    expect(order).toMatchObject({ net: 2000, tax: 200, total: 2200 + 200 });

    const patched = await t
      .http()
      .patch(api(`/tiers/${sale.tierIds[0]}`))
      .set(authHeader(sale.token))
      .send({ price: 5000, taxRateBps: 2500, taxMode: 'inclusive' })
      .expect(200);
    expect(patched.body).toMatchObject({ price: 5000, taxRateBps: 2500, taxMode: 'inclusive' });

    const again = await t
      .http()
      .get(api(`/orders/${order.id}`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(again.body.items[0]).toMatchObject({
      unitPrice: 1000,
      taxRateBps: 1000,
      taxMode: 'exclusive',
      net: 2000,
      tax: 200,
      gross: 2200,
    });
    expect(again.body).toMatchObject({ net: 2000, tax: 200, gross: 2200, total: 2400 });
    // A new order takes the new terms: 5000 inclusive at 25% is 1000 tax.
    const fresh = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    expect(fresh).toMatchObject({ net: 4000, tax: 1000, gross: 5000, fees: 500, total: 5500 });
  });

  it('refuses a rate or mode out of bounds, and changes nothing', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 1000, taxRateBps: 500 }] });
    for (const body of [
      { taxRateBps: 10001 },
      { taxRateBps: -1 },
      { taxRateBps: 1.5 },
      { taxRateBps: null },
      { taxMode: 'vat' },
      { taxMode: null },
    ]) {
      const res = await t
        .http()
        .patch(api(`/tiers/${sale.tierIds[0]}`))
        .set(authHeader(sale.token))
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect((res.body.details.fields as Array<{ field: string }>).map((f) => f.field)).toEqual([
        Object.keys(body)[0],
      ]);
    }
    const created = await t
      .http()
      .post(api(`/events/${sale.eventId}/tiers`))
      .set(authHeader(sale.token))
      .send({ name: 'Bad', price: 100, capacity: 1, taxRateBps: 20000 });
    expect(created.body.code).toBe('VALIDATION_FAILED');
    const [tier] = await t.dataSource.query(`SELECT tax_rate_bps, tax_mode FROM ticket_tiers WHERE id = $1`, [
      sale.tierIds[0],
    ]);
    expect(tier).toEqual({ tax_rate_bps: 500, tax_mode: 'inclusive' });
    // An untaxed tier by default.
    const plain = await createTier(t, sale.owner, sale.eventId, { price: 700 });
    expect(plain).toMatchObject({ taxRateBps: 0, taxMode: 'inclusive' });
  });

  it('the sales report and the orders CSV split the tax out', async () => {
    const sale = await createOnSaleEvent(t, {
      tiers: [
        { price: 1200, taxRateBps: 2000, taxMode: 'inclusive' },
        { price: 1000, taxRateBps: 500, taxMode: 'exclusive' },
      ],
    });
    const buyer = await registerUser(t);
    const order = await buyOrder(t, buyer, sale.eventId, [
      { tierId: sale.tierIds[0], quantity: 1 },
      { tierId: sale.tierIds[1], quantity: 2 },
    ]);
    // 1200 incl. 20% → 1000 + 200; 2000 excl. 5% → + 100. Fee 10% of 3200 = 320.
    expect(order).toMatchObject({ net: 3000, tax: 300, fees: 320, total: 3620 });

    // Money figures come from the report snapshots (refreshed by the worker's sweep).
    await t.sweep('report-snapshots');
    const report = await t
      .http()
      .get(api(`/events/${sale.eventId}/reports/sales`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(report.body.totals).toMatchObject({ gross: 3620, tax: 300, fees: 320, taxRefunded: 0 });
    const tiers = new Map((report.body.byTier as Array<{ tierId: string }>).map((row) => [row.tierId, row]));
    expect(tiers.get(sale.tierIds[0])).toMatchObject({ netOfTax: 1000, tax: 200 });
    expect(tiers.get(sale.tierIds[1])).toMatchObject({ netOfTax: 2000, tax: 100 });

    const csv = await t
      .http()
      .get(api(`/orders?eventId=${sale.eventId}`))
      .set(authHeader(sale.token))
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    const [header, row] = (csv.body as string).trimEnd().split('\n');
    const record = Object.fromEntries(row.split(',').map((v, i) => [header.split(',')[i], v]));
    expect(record).toMatchObject({ orderId: order.id, net: '3000', tax: '300', fees: '320', total: '3620' });
  });
});
