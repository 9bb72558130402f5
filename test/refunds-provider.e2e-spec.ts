import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { confirmOrder, holdOrder } from './factories/orders';
import { authHeader, registerUser } from './factories/users';
import { FakeStripe } from './support/fake-stripe';

const api = (path: string) => `/api/v1${path}`;

interface RefundRow {
  status: string;
  attempts: number;
  provider_refund_id: string | null;
  idempotency_key: string;
}

/**
 * Refunds call Stripe only after the refund is committed (never while the order row is locked). These tests cut
 * the process at the two points where that can go wrong, and show the refund sweep repairs both.
 */
describe('refunds: the provider is called after commit, and the sweep repairs a crash', () => {
  let t: TestApp;
  let stripe: FakeStripe;
  let sale: OnSaleEvent;

  beforeAll(async () => {
    stripe = new FakeStripe();
    t = await createTestApp({ env: await stripe.start() });
    sale = await createOnSaleEvent(t, { tiers: [{ capacity: 100, price: 2500 }] });
  });
  afterAll(async () => {
    await t.close();
    await stripe.stop();
  });

  async function paidOrder(): Promise<{ orderId: string; intentId: string }> {
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    const intent = stripe.intentFor(order.id)!;
    stripe.succeed(intent.id);
    await confirmOrder(t, buyer, order.id).expect(200);
    return { orderId: order.id, intentId: intent.id };
  }

  const refundRows = (orderId: string): Promise<RefundRow[]> =>
    t.dataSource.query(
      `SELECT status, attempts, provider_refund_id, idempotency_key FROM payments
        WHERE order_id = $1 AND kind = 'refund'`,
      [orderId],
    );
  const stripeRefundsOf = (intentId: string) => stripe.refunds.filter((r) => r.payment_intent === intentId);
  const inAMinute = () => new Date(t.clock.now().getTime() + 60_000);

  it('keeps the refund when Stripe is down at commit time, and the sweep sends it once Stripe is back', async () => {
    const { orderId, intentId } = await paidOrder();
    stripe.failRefunds(3); // the SDK's first try and both of its retries
    const res = await t
      .http()
      .post(api(`/orders/${orderId}/refunds`))
      .set(authHeader(sale.token))
      .send({});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'refunded', refundedAmount: 5000 });
    // The business change committed; the money is owed, recorded, and not yet sent.
    expect(await refundRows(orderId)).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1, provider_refund_id: null }),
    ]);
    expect(stripeRefundsOf(intentId)).toEqual([]);

    expect(await t.sweep('provider-refunds', inAMinute())).toBe(1);
    const [row] = await refundRows(orderId);
    expect(stripeRefundsOf(intentId)).toEqual([expect.objectContaining({ amount: 5000 })]);
    expect(row).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      provider_refund_id: stripeRefundsOf(intentId)[0].id,
    });
    // A settled refund is not sent again.
    expect(await t.sweep('provider-refunds', inAMinute())).toBe(0);
  });

  it('refunds nothing twice when the process died after Stripe refunded but before the outcome was saved', async () => {
    const { orderId, intentId } = await paidOrder();
    await t
      .http()
      .post(api(`/orders/${orderId}/refunds`))
      .set(authHeader(sale.token))
      .send({})
      .expect(201);
    const [sent] = await refundRows(orderId);
    expect(sent.status).toBe('succeeded');
    // Lose the outcome, as a crash between Stripe's answer and the UPDATE would.
    await t.dataSource.query(
      `UPDATE payments SET status = 'pending', provider_refund_id = NULL WHERE order_id = $1 AND kind = 'refund'`,
      [orderId],
    );
    expect(await t.sweep('provider-refunds', inAMinute())).toBe(1);
    // The sweep called Stripe again with the same idempotency key, and Stripe answered with the same refund.
    const calls = stripe.requests.filter(
      (r) => r.path === '/v1/refunds' && r.body.payment_intent === intentId,
    );
    expect(calls.map((c) => c.idempotencyKey)).toEqual([sent.idempotency_key, sent.idempotency_key]);
    expect(stripeRefundsOf(intentId)).toHaveLength(1);
    expect(await refundRows(orderId)).toEqual([
      expect.objectContaining({ status: 'succeeded', provider_refund_id: sent.provider_refund_id }),
    ]);
  });
});
