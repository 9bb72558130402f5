import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { confirmOrder, emailsTo, holdOrder, ticketsOf, tierCounts } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { FakePaymentIntent, FakeStripe } from './support/fake-stripe';

const api = (path: string) => `/api/v1${path}`;

describe('payments: Stripe PaymentIntents and the webhook', () => {
  let t: TestApp;
  let stripe: FakeStripe;
  let sale: OnSaleEvent;

  beforeAll(async () => {
    stripe = new FakeStripe();
    // The API alone, as in production: these tests read the outbox rows, and an in-process worker drawing the
    // confirmation's QR images would stall the racing requests' transactions past the lock timeout.
    t = await createTestApp({ env: await stripe.start(), role: 'api' });
    sale = await createOnSaleEvent(t, { tiers: [{ capacity: 100, price: 3000 }] });
  });
  afterAll(async () => {
    await t.close();
    await stripe.stop();
  });

  const send = (delivery: { body: string; signature: string }) =>
    t
      .http()
      .post(api('/webhooks/stripe'))
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', delivery.signature)
      .send(delivery.body);

  async function pendingOrder(
    quantity = 2,
  ): Promise<{ buyer: TestUser; orderId: string; intent: FakePaymentIntent }> {
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity }]);
    return { buyer, orderId: order.id, intent: stripe.intentFor(order.id)! };
  }

  it('creates a PaymentIntent with an idempotency key from the order id and the order in its metadata', async () => {
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    const request = stripe.requests.find(
      (r) =>
        r.method === 'POST' && r.path === '/v1/payment_intents' && r.body['metadata[orderId]'] === order.id,
    );
    expect(request).toMatchObject({
      idempotencyKey: `order-${order.id}-payment-intent`,
      body: { amount: '6000', currency: 'eur' },
    });
    const intent = stripe.intentFor(order.id)!;
    expect(order.payment).toEqual({
      provider: 'stripe',
      reference: intent.id,
      clientSecret: intent.client_secret,
    });
  });

  it('refuses confirm while Stripe has not taken the money', async () => {
    const { buyer, orderId } = await pendingOrder();
    const res = await confirmOrder(t, buyer, orderId);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'PAYMENT_NOT_COMPLETED', details: { paymentStatus: 'pending' } });
  });

  it('fulfils on a verified payment_intent.succeeded; a replay of the event changes nothing', async () => {
    const { buyer, orderId, intent } = await pendingOrder(2);
    const delivery = stripe.webhook('payment_intent.succeeded', stripe.succeed(intent.id));
    const first = await send(delivery).expect(200);
    expect(first.body).toEqual({ received: true, outcome: 'fulfilled' });
    const replay = await send(delivery).expect(200);
    expect(replay.body.outcome).toBe('duplicate');
    // The same news under a new event id (Stripe retries with new ids too) finds the order paid.
    const again = await send(stripe.webhook('payment_intent.succeeded', intent)).expect(200);
    expect(again.body.outcome).toBe('already-done');
    expect(await ticketsOf(t, orderId)).toHaveLength(2);
    const res = await t
      .http()
      .get(api(`/orders/${orderId}`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(res.body.status).toBe('paid');
    const [confirmation] = await emailsTo(t, buyer.email, 'order-confirmation');
    // Two inline QR codes and the invoice PDF.
    expect(confirmation.attachments).toHaveLength(3);
    expect(confirmation.attachments[0]).toMatchObject({ type: 'image/png', disposition: 'inline' });
    expect(confirmation.attachments[2]).toMatchObject({ type: 'application/pdf', disposition: 'attachment' });
  });

  it('trusts Stripe, not the event body: out-of-order and premature events act on the real state', async () => {
    const { orderId, intent } = await pendingOrder(1);
    // An event claiming success for an intent Stripe has not charged yet does nothing.
    const forgedState = { ...intent, status: 'succeeded' as const };
    const premature = await send(stripe.webhook('payment_intent.succeeded', forgedState)).expect(200);
    expect(premature.body.outcome).toBe('pending');
    expect(await ticketsOf(t, orderId)).toHaveLength(0);
    // A stale "failed" event that arrives after the payment succeeded still leads to fulfilment.
    stripe.succeed(intent.id);
    const late = await send(stripe.webhook('payment_intent.payment_failed', intent)).expect(200);
    expect(late.body.outcome).toBe('fulfilled');
    const stale = await send(stripe.webhook('payment_intent.payment_failed', intent)).expect(200);
    expect(stale.body.outcome).toBe('already-done');
    const [charge] = await t.dataSource.query(
      `SELECT status FROM payments WHERE order_id = $1 AND kind = 'charge'`,
      [orderId],
    );
    expect(charge.status).toBe('succeeded');
  });

  it('refuses a bad signature, a missing one and a stale timestamp with 400', async () => {
    const { intent } = await pendingOrder(1);
    const wrongSecret = stripe.webhook('payment_intent.succeeded', intent, { secret: 'whsec_not_the_one' });
    const bad = await send(wrongSecret).expect(400);
    expect(bad.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const stale = stripe.webhook('payment_intent.succeeded', intent, {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect((await send(stale).expect(400)).body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const good = stripe.webhook('payment_intent.succeeded', intent);
    const unsigned = await t
      .http()
      .post(api('/webhooks/stripe'))
      .set('Content-Type', 'application/json')
      .send(good.body)
      .expect(400);
    expect(unsigned.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    // A body altered after signing fails too.
    const altered = { ...good, body: good.body.replace('"livemode":false', '"livemode":true') };
    await send(altered).expect(400);
  });

  it('acknowledges and ignores a well-signed event for a payment it does not know', async () => {
    const foreign = stripe.succeed(stripe.addIntent(500, 'eur', { source: 'another-integration' }).id);
    const res = await send(stripe.webhook('payment_intent.succeeded', foreign)).expect(200);
    expect(res.body.outcome).toBe('unknown-payment');
    const other = await send(stripe.webhook('customer.created', foreign)).expect(200);
    expect(other.body.outcome).toBe('ignored');
  });

  it('the webhook racing confirm (and itself) issues exactly one set of tickets', async () => {
    const { buyer, orderId, intent } = await pendingOrder(3);
    stripe.succeed(intent.id);
    const results = await Promise.all([
      send(stripe.webhook('payment_intent.succeeded', intent)),
      confirmOrder(t, buyer, orderId),
      send(stripe.webhook('payment_intent.succeeded', intent)),
      confirmOrder(t, buyer, orderId),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await ticketsOf(t, orderId)).toHaveLength(3);
    expect(await emailsTo(t, buyer.email, 'order-confirmation')).toHaveLength(1);
    const counts = await tierCounts(t, sale.tierIds[0]);
    expect(counts.sold + counts.held).toBeLessThanOrEqual(counts.capacity);
  });

  it('refunds through Stripe with a stable idempotency key', async () => {
    const { buyer, orderId, intent } = await pendingOrder(2);
    stripe.succeed(intent.id);
    await confirmOrder(t, buyer, orderId).expect(200);
    const res = await t
      .http()
      .post(api(`/orders/${orderId}/refunds`))
      .set(authHeader(sale.token))
      .send({})
      .expect(201);
    expect(res.body).toMatchObject({ status: 'refunded', refundedAmount: 6000 });
    const refund = stripe.requests.find(
      (r) => r.path === '/v1/refunds' && r.body.payment_intent === intent.id,
    );
    expect(refund).toMatchObject({
      body: { amount: '6000' },
      idempotencyKey: expect.stringMatching(/^refund-/),
    });
  });
});
