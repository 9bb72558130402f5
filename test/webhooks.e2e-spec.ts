import { createTestApp, eventually, TestApp } from './app';
import {
  addMember,
  createApprovedPromoter,
  createEvent,
  createTier,
  publishEvent,
  TestPromoter,
} from './factories/catalog';
import { createList, scanOnline } from './factories/door';
import { buyOrder, emailsTo, holdOrder, ticketsOf } from './factories/orders';
import { joined } from './factories/waitlist';
import { authHeader, registerUser, TestUser } from './factories/users';
import { ReceivedWebhook, verifyStandardWebhook, WebhookReceiver } from './support/webhook-receiver';

const api = (path: string) => `/api/v1${path}`;
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

interface DeliveryBody {
  id: string;
  messageId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

/**
 * Outgoing webhooks against a local receiver (WEBHOOK_ALLOW_PRIVATE_NETWORKS lets them reach 127.0.0.1): the
 * management routes, one message per domain change with a signature that verifies by the specification, retries
 * on the clock, ordering per endpoint, secret rotation, redelivery and auto-disable.
 */
describe('outgoing webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let hookUrl: string;

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    hookUrl = await receiver.start();
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  afterEach(() => {
    receiver.replyAlways({ status: 200, body: 'ok' });
    t.clock.reset();
  });

  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

  async function addEndpoint(
    promoter: TestPromoter,
    events: string[],
    url = hookUrl,
  ): Promise<{ id: string; secret: string }> {
    const res = await t
      .http()
      .post(api(`/promoters/${promoter.id}/webhooks`))
      .set(authHeader(promoter.owner.accessToken))
      .send({ url, events, description: 'CRM' });
    expect(res.status).toBe(201);
    return { id: res.body.id, secret: res.body.secret };
  }

  const deliveries = async (promoter: TestPromoter, endpointId: string): Promise<DeliveryBody[]> =>
    (
      await t
        .http()
        .get(api(`/promoters/${promoter.id}/webhooks/${endpointId}/deliveries`))
        .set(authHeader(promoter.owner.accessToken))
        .expect(200)
    ).body.items;

  /** The receiver's messages of one type for one promoter's endpoint path. */
  const received = (path: string, type: string) =>
    receiver.received.filter((r) => r.path === path && r.json.type === type);

  const verified = (secret: string, r: ReceivedWebhook) =>
    verifyStandardWebhook(secret, r.headers, r.body, nowSeconds());

  describe('management', () => {
    let promoter: TestPromoter;
    let staff: TestUser;

    beforeAll(async () => {
      promoter = await createApprovedPromoter(t);
      staff = await registerUser(t);
      await addMember(t, promoter.owner, promoter.id, staff, 'staff');
    });

    it('creates an endpoint whose secret is shown once, then lists, reads, edits and deletes it', async () => {
      const created = await t
        .http()
        .post(api(`/promoters/${promoter.id}/webhooks`))
        .set(authHeader(promoter.owner.accessToken))
        .send({ url: hookUrl, events: ['order.paid', 'order.refunded'], description: 'CRM sync' })
        .expect(201);
      expect(created.body).toMatchObject({
        promoterId: promoter.id,
        url: hookUrl,
        events: ['order.paid', 'order.refunded'],
        description: 'CRM sync',
        status: 'enabled',
        disabledReason: null,
        failingSince: null,
      });
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const id = created.body.id as string;
      const path = api(`/promoters/${promoter.id}/webhooks/${id}`);

      const list = await t
        .http()
        .get(api(`/promoters/${promoter.id}/webhooks`))
        .set(authHeader(promoter.owner.accessToken))
        .expect(200);
      expect(list.body).toMatchObject({ total: 1, items: [{ id }] });
      expect(JSON.stringify(list.body)).not.toContain('whsec_');
      const one = await t.http().get(path).set(authHeader(promoter.owner.accessToken)).expect(200);
      expect(one.body.secret).toBeUndefined();

      const edited = await t
        .http()
        .patch(path)
        .set(authHeader(promoter.owner.accessToken))
        .send({ events: ['tier.sold_out'], description: null })
        .expect(200);
      expect(edited.body).toMatchObject({ events: ['tier.sold_out'], description: null });

      await t.http().delete(path).set(authHeader(promoter.owner.accessToken)).expect(204);
      const gone = await t.http().get(path).set(authHeader(promoter.owner.accessToken));
      expect(gone.status).toBe(404);
      expect(gone.body.code).toBe('NOT_FOUND');
      const audit = (await t.dataSource.query(
        `SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY created_at`,
        [id],
      )) as Array<{ action: string }>;
      expect(audit.map((a) => a.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.deleted']);
    });

    it('documents every message type as a callback of createWebhook, with its payload schema', async () => {
      type Callback = {
        post: {
          operationId: string;
          parameters: Array<{ name: string }>;
          requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
        };
      };
      const doc = (await t.http().get('/docs-json').expect(200)).body as {
        paths: Record<string, { post: { callbacks: Record<string, Record<string, Callback>> } }>;
        components: {
          schemas: Record<string, { properties: Record<string, { enum?: string[]; $ref?: string }> }>;
        };
      };
      const schemas = doc.components.schemas;
      const callbacks = doc.paths['/api/v1/promoters/{id}/webhooks'].post.callbacks;
      const byType = {
        'order.paid': 'OrderPaidWebhook',
        'order.refunded': 'OrderRefundedWebhook',
        'order.cancelled': 'OrderCancelledWebhook',
        'ticket.checked_in': 'TicketCheckedInWebhook',
        'ticket.transferred': 'TicketTransferredWebhook',
        'tier.sold_out': 'TierSoldOutWebhook',
        'event.published': 'EventPublishedWebhook',
        'event.cancelled': 'EventCancelledWebhook',
        'waitlist.offered': 'WaitlistOfferedWebhook',
        'webhook.test': 'WebhookTestWebhook',
      };
      expect(Object.keys(callbacks).sort()).toEqual(Object.keys(byType).sort());
      for (const [type, name] of Object.entries(byType)) {
        expect(schemas[name].properties.type.enum).toEqual([type]);
        expect(Object.keys(schemas[name].properties).sort()).toEqual(['data', 'timestamp', 'type']);
        const callback = callbacks[type]['{$request.body#/url}'].post;
        expect(callback.requestBody.content['application/json'].schema.$ref).toBe(
          `#/components/schemas/${name}`,
        );
        expect(callback.parameters.map((p) => p.name)).toEqual([
          'webhook-id',
          'webhook-timestamp',
          'webhook-signature',
        ]);
      }
      expect(Object.keys(schemas.WebhookEvent.properties).sort()).toEqual([
        'currency',
        'endsAt',
        'id',
        'promoterId',
        'slug',
        'startsAt',
        'status',
        'timezone',
        'title',
        'venue',
      ]);
      expect(schemas.OrderRefundedData.properties.refund.$ref).toBe('#/components/schemas/WebhookRefund');
    });

    it('answers strangers 404 and door staff 403', async () => {
      const stranger = await registerUser(t);
      const { id } = await addEndpoint(promoter, ['order.paid']);
      for (const [user, status, code] of [
        [stranger, 404, 'NOT_FOUND'],
        [staff, 403, 'FORBIDDEN'],
      ] as const) {
        const list = await t
          .http()
          .get(api(`/promoters/${promoter.id}/webhooks`))
          .set(authHeader(user.accessToken));
        expect([list.status, list.body.code]).toEqual([status, code]);
        const rotate = await t
          .http()
          .post(api(`/promoters/${promoter.id}/webhooks/${id}/rotate-secret`))
          .set(authHeader(user.accessToken));
        expect([rotate.status, rotate.body.code]).toEqual([status, code]);
      }
      // Another promoter's endpoint id under this promoter is unknown too.
      const other = await createApprovedPromoter(t);
      const res = await t
        .http()
        .get(api(`/promoters/${other.id}/webhooks/${id}`))
        .set(authHeader(other.owner.accessToken));
      expect(res.status).toBe(404);
    });

    it('refuses bad bodies with coded 400s', async () => {
      const post = (body: Record<string, unknown>) =>
        t
          .http()
          .post(api(`/promoters/${promoter.id}/webhooks`))
          .set(authHeader(promoter.owner.accessToken))
          .send(body);
      for (const body of [
        { url: 'ftp://example.com/x', events: ['order.paid'] },
        { url: 'https://user:pw@example.com/x', events: ['order.paid'] },
        { url: hookUrl, events: [] },
        { url: hookUrl, events: ['order.shipped'] },
        { url: hookUrl, events: ['order.paid', 'order.paid'] },
        { url: hookUrl, events: ['order.paid'], secret: 'whsec_mine' },
      ]) {
        const res = await post(body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      // Even with private networks allowed, metadata and link-local addresses are refused.
      for (const url of [
        'http://169.254.169.254/latest/meta-data',
        'http://[fe80::1]/x',
        'http://0.0.0.0:80/',
      ]) {
        const res = await post({ url, events: ['order.paid'] });
        expect([res.status, res.body.code]).toEqual([400, 'WEBHOOK_URL_FORBIDDEN']);
      }
    });
  });

  it('sends one signed message per change, each with its documented payload', async () => {
    const promoter = await createApprovedPromoter(t);
    const path = `/all-${promoter.id}`;
    const { id: endpointId, secret } = await addEndpoint(
      promoter,
      [
        'event.published',
        'order.paid',
        'tier.sold_out',
        'ticket.checked_in',
        'order.refunded',
        'order.cancelled',
        'waitlist.offered',
        'event.cancelled',
      ],
      receiver.url(path),
    );
    const event = await createEvent(t, promoter);
    const tier = await createTier(t, promoter.owner, event.id, { capacity: 2, price: 2500 });
    const other = await createTier(t, promoter.owner, event.id, { capacity: 10, price: 1000 });
    await publishEvent(t, promoter.owner, event.id);
    const buyer = await registerUser(t, { name: 'Ada Lovelace' });
    const order = await buyOrder(t, buyer, event.id, [{ tierId: tier.id, quantity: 2 }]);
    const [ticket] = await ticketsOf(t, order.id);
    const list = await createList(t, promoter.owner, event.id);
    await scanOnline(t, promoter.owner, event.id, list.id, ticket.code).expect(200);
    const waiting = await registerUser(t);
    const entry = await joined(t, waiting, event.id, tier.id, 1);
    const hold = await holdOrder(t, buyer, event.id, [{ tierId: other.id, quantity: 1 }]);
    await t
      .http()
      .post(api(`/orders/${hold.id}/cancel`))
      .set(authHeader(buyer.accessToken))
      .expect(200);
    const unused = (await ticketsOf(t, order.id))[1];
    await t
      .http()
      .post(api(`/orders/${order.id}/refunds`))
      .set(authHeader(promoter.owner.accessToken))
      .send({ ticketIds: [unused.id] })
      .expect(201);
    await t
      .http()
      .post(api(`/events/${event.id}/cancel`))
      .set(authHeader(promoter.owner.accessToken))
      .send({})
      .expect(200);

    const types = [
      'event.published',
      'order.paid',
      'tier.sold_out',
      'ticket.checked_in',
      'order.cancelled',
      'order.refunded',
      'waitlist.offered',
      'event.cancelled',
    ];
    await eventually(async () => types.every((type) => received(path, type).length > 0), 15_000);
    for (const message of receiver.received.filter((r) => r.path === path)) {
      expect(verified(secret, message)).toBeNull();
      expect(message.headers['content-type']).toBe('application/json');
      expect(message.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(Object.keys(message.json).sort()).toEqual(['data', 'timestamp', 'type']);
    }
    const data = (type: string) => received(path, type)[0].json.data;
    expect(data('event.published')).toEqual({
      event: expect.objectContaining({ id: event.id, promoterId: promoter.id, status: 'published' }),
    });
    expect(data('order.paid')).toEqual({
      order: expect.objectContaining({
        id: order.id,
        status: 'paid',
        total: 5000,
        currency: 'EUR',
        buyer: { id: buyer.id, name: 'Ada Lovelace', email: buyer.email },
        items: [{ tierId: tier.id, tierName: tier.name, quantity: 2, unitPrice: 2500 }],
      }),
    });
    expect(data('tier.sold_out')).toEqual({
      // Sold out the moment the hold took the last units.
      tier: expect.objectContaining({ id: tier.id, capacity: 2, sold: 0, held: 2, promoterId: promoter.id }),
    });
    expect(data('ticket.checked_in')).toEqual({
      ticket: expect.objectContaining({ id: ticket.id, orderId: order.id, checkedInBy: promoter.owner.id }),
    });
    expect(data('order.cancelled')).toEqual({
      order: expect.objectContaining({ id: hold.id, status: 'cancelled' }),
      reason: 'buyer',
    });
    expect(data('order.refunded')).toEqual({
      order: expect.objectContaining({ id: order.id, status: 'partially_refunded', refundedAmount: 2500 }),
      refund: { amount: 2500, currency: 'EUR', ticketIds: [unused.id], reason: 'refund' },
    });
    expect(data('waitlist.offered')).toEqual({
      offer: expect.objectContaining({ id: entry.id, tierId: tier.id, quantity: 1, requestedQuantity: 1 }),
    });
    expect(data('event.cancelled')).toEqual({
      event: expect.objectContaining({ id: event.id, status: 'cancelled' }),
    });
    // The refund the cancellation queued arrives too.
    await eventually(async () =>
      received(path, 'order.refunded').some(
        (r) => (r.json.data.refund as { reason: string }).reason === 'event_cancelled',
      ),
    );

    // Every message was recorded as delivered at the first attempt (the last answers may still be recording).
    const log = await eventually(async () => {
      const rows = await deliveries(promoter, endpointId);
      return rows.every((d) => d.status === 'succeeded') ? rows : null;
    });
    expect(log).toHaveLength(receiver.received.filter((r) => r.path === path).length);
    expect(log.every((d) => d.attempts === 1 && d.responseStatus === 200)).toBe(true);
    const [latest] = log;
    const detail = await t
      .http()
      .get(api(`/promoters/${promoter.id}/webhooks/${endpointId}/deliveries/${latest.id}`))
      .set(authHeader(promoter.owner.accessToken))
      .expect(200);
    expect(receiver.byMessage(latest.messageId)[0].body).toBe(detail.body.payload);
  });

  it("sends ticket.transferred with the recipient's new ticket and both people; both hear of it live", async () => {
    const promoter = await createApprovedPromoter(t);
    const path = `/transfer-${promoter.id}`;
    const { secret } = await addEndpoint(promoter, ['ticket.transferred'], receiver.url(path));
    const event = await createEvent(t, promoter);
    const tier = await createTier(t, promoter.owner, event.id, { capacity: 5, price: 1500 });
    await publishEvent(t, promoter.owner, event.id);
    const sender = await registerUser(t, { name: 'Ada Lovelace' });
    const recipient = await registerUser(t, { name: 'Charles Babbage' });
    const order = await buyOrder(t, sender, event.id, [{ tierId: tier.id, quantity: 1 }]);
    const [ticket] = await ticketsOf(t, order.id);
    const offered = await t
      .http()
      .post(api(`/tickets/${ticket.id}/transfers`))
      .set(authHeader(sender.accessToken))
      .send({ email: recipient.email, name: 'Charles Babbage' })
      .expect(201);
    const [mail] = await emailsTo(t, recipient.email, 'ticket-transfer-offer');
    const token = new URL(mail.data.acceptUrl as string).searchParams.get('token');
    const accepted = await t
      .http()
      .post(api(`/transfers/${offered.body.id}/accept`))
      .set(authHeader(recipient.accessToken))
      .send({ token })
      .expect(200);
    const newTicketId = accepted.body.ticket.id as string;

    await eventually(async () => received(path, 'ticket.transferred').length === 1);
    const [message] = received(path, 'ticket.transferred');
    expect(verified(secret, message)).toBeNull();
    expect(message.json.data).toEqual({
      transferId: offered.body.id,
      ticket: expect.objectContaining({
        id: newTicketId,
        orderId: order.id,
        tierId: tier.id,
        attendeeName: 'Charles Babbage',
        checkedInAt: null,
        checkedInBy: null,
      }),
      previousTicketId: ticket.id,
      from: { id: sender.id, name: 'Ada Lovelace', email: sender.email },
      to: { id: recipient.id, name: 'Charles Babbage', email: recipient.email },
    });

    const notifications = async (user: TestUser) =>
      (await t.http().get(api('/me/notifications')).set(authHeader(user.accessToken)).expect(200)).body
        .items as Array<{ type: string; data: Record<string, unknown> }>;
    expect((await notifications(recipient)).map((n) => [n.type, n.data])).toEqual([
      [
        'ticket.received',
        expect.objectContaining({ ticketId: newTicketId, fromName: 'Ada Lovelace', eventId: event.id }),
      ],
    ]);
    expect((await notifications(sender))[0]).toMatchObject({
      type: 'ticket.transferred',
      data: { ticketId: ticket.id, toName: 'Charles Babbage', transferId: offered.body.id },
    });
  });

  it('writes nothing for an endpoint that did not subscribe, and nothing when the change rolls back', async () => {
    const promoter = await createApprovedPromoter(t);
    const { id } = await addEndpoint(promoter, ['order.refunded'], receiver.url(`/quiet-${promoter.id}`));
    const event = await createEvent(t, promoter);
    await createTier(t, promoter.owner, event.id);
    await publishEvent(t, promoter.owner, event.id);
    // A refused refund (nothing paid) rolls back before any message is written.
    const buyer = await registerUser(t);
    const hold = await holdOrder(t, buyer, event.id, [{ tierId: (await tiersOf(event.id))[0], quantity: 1 }]);
    const refused = await t
      .http()
      .post(api(`/orders/${hold.id}/refunds`))
      .set(authHeader(promoter.owner.accessToken))
      .send({});
    expect(refused.body.code).toBe('ORDER_NOT_PAID');
    expect(await deliveries(promoter, id)).toEqual([]);
  });

  const tiersOf = async (eventId: string): Promise<string[]> =>
    (
      (await t.dataSource.query(`SELECT id FROM ticket_tiers WHERE event_id = $1`, [eventId])) as Array<{
        id: string;
      }>
    ).map((r) => r.id);

  async function sendTest(promoter: TestPromoter, endpointId: string): Promise<DeliveryBody> {
    const res = await t
      .http()
      .post(api(`/promoters/${promoter.id}/webhooks/${endpointId}/test`))
      .set(authHeader(promoter.owner.accessToken))
      .expect(202);
    return res.body as DeliveryBody;
  }

  const delivery = async (id: string) =>
    (
      (await t.dataSource.query(
        `SELECT status, attempts, response_status, last_error, next_attempt_at, claimed_until
         FROM webhook_deliveries WHERE id = $1`,
        [id],
      )) as Array<{
        status: string;
        attempts: number;
        response_status: number | null;
        last_error: string | null;
        next_attempt_at: Date;
        claimed_until: Date | null;
      }>
    )[0];

  /** Waits until the delivery's `attempts`-th attempt is made and recorded (no longer claimed). */
  const attempted = (id: string, attempts: number) =>
    eventually(async () => {
      const row = await delivery(id);
      return row.attempts >= attempts && row.claimed_until === null ? row : null;
    });

  it('retries a failed attempt with backoff on the clock, with the same webhook-id and a fresh signature', async () => {
    const promoter = await createApprovedPromoter(t);
    const path = `/retry-${promoter.id}`;
    const { id, secret } = await addEndpoint(promoter, ['order.paid'], receiver.url(path));
    receiver.replyNext({ status: 503, body: 'busy' });
    const test = await sendTest(promoter, id);
    expect(test).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    const failed = await eventually(async () => {
      const row = await delivery(test.id);
      return row.attempts === 1 && row.status === 'pending' && row.response_status === 503 ? row : null;
    });
    expect(failed.last_error).toBe('HTTP 503');
    const delay = failed.next_attempt_at.getTime() - t.clock.now().getTime();
    expect(delay).toBeGreaterThan(5_000);
    expect(delay).toBeLessThan(12_000);
    // Not due yet: the sweep leaves it alone.
    expect(await t.sweep('webhook-deliveries')).toBe(0);
    t.clock.advance(MINUTE);
    expect(await t.sweep('webhook-deliveries')).toBe(1);
    await eventually(async () => (await delivery(test.id)).status === 'succeeded');
    const attempts = receiver.received.filter((r) => r.path === path);
    expect(attempts).toHaveLength(2);
    expect(attempts[0].headers['webhook-id']).toBe(attempts[1].headers['webhook-id']);
    expect(Number(attempts[1].headers['webhook-timestamp'])).toBeGreaterThanOrEqual(
      Number(attempts[0].headers['webhook-timestamp']) + 50,
    );
    expect(attempts[0].body).toBe(attempts[1].body);
    for (const a of attempts)
      expect(
        verifyStandardWebhook(secret, a.headers, a.body, Number(a.headers['webhook-timestamp'])),
      ).toBeNull();
    expect(await delivery(test.id)).toMatchObject({ attempts: 2, response_status: 200, last_error: null });
  });

  it('delivers an endpoint its messages one at a time, in the order of the changes', async () => {
    const promoter = await createApprovedPromoter(t);
    const path = `/order-${promoter.id}`;
    const { id } = await addEndpoint(promoter, ['order.paid'], receiver.url(path));
    receiver.maxInFlight = 0;
    receiver.replyAlways({ delayMs: 50, status: 200 });
    const tests: DeliveryBody[] = [];
    for (let i = 0; i < 6; i++) tests.push(await sendTest(promoter, id));
    await eventually(async () => receiver.received.filter((r) => r.path === path).length === 6, 15_000);
    expect(receiver.received.filter((r) => r.path === path).map((r) => r.headers['webhook-id'])).toEqual(
      tests.map((d) => d.messageId),
    );
    expect(receiver.maxInFlight).toBe(1);
  });

  it('signs with the old secret too for 24 hours after a rotation', async () => {
    const promoter = await createApprovedPromoter(t);
    const path = `/rotate-${promoter.id}`;
    const { id, secret: old } = await addEndpoint(promoter, ['order.paid'], receiver.url(path));
    const rotated = await t
      .http()
      .post(api(`/promoters/${promoter.id}/webhooks/${id}/rotate-secret`))
      .set(authHeader(promoter.owner.accessToken))
      .expect(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(
      new Date(rotated.body.previousSecretExpiresAt).getTime() - t.clock.now().getTime(),
    ).toBeGreaterThan(DAY - MINUTE);
    await sendTest(promoter, id);
    const first = await eventually(async () => receiver.received.find((r) => r.path === path));
    expect(String(first.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verified(old, first)).toBeNull();
    expect(verified(fresh, first)).toBeNull();

    t.clock.advance(DAY + MINUTE);
    await sendTest(promoter, id);
    const second = await eventually(async () => receiver.received.filter((r) => r.path === path)[1]);
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verified(fresh, second)).toBeNull();
    expect(verified(old, second)).toBe('no signature matches');
  });

  it('redelivers a message as a new delivery with the same webhook-id and body', async () => {
    const promoter = await createApprovedPromoter(t);
    const path = `/again-${promoter.id}`;
    const { id } = await addEndpoint(promoter, ['order.paid'], receiver.url(path));
    const test = await sendTest(promoter, id);
    await eventually(async () => (await delivery(test.id)).status === 'succeeded');
    const again = await t
      .http()
      .post(api(`/promoters/${promoter.id}/webhooks/${id}/deliveries/${test.id}/redeliver`))
      .set(authHeader(promoter.owner.accessToken))
      .expect(202);
    expect(again.body).toMatchObject({ messageId: test.messageId, status: 'pending', attempts: 0 });
    expect(again.body.id).not.toBe(test.id);
    await eventually(async () => receiver.byMessage(test.messageId).length === 2);
    const [a, b] = receiver.byMessage(test.messageId);
    expect(a.body).toBe(b.body);
  });

  it('disables an endpoint that failed for 5 days, emails the owners, and takes it back once enabled', async () => {
    const promoter = await createApprovedPromoter(t);
    const path = `/down-${promoter.id}`;
    const { id } = await addEndpoint(promoter, ['order.paid'], receiver.url(path));
    receiver.replyAlways({ status: 500 });
    const first = await sendTest(promoter, id);
    await attempted(first.id, 1);
    const endpointPath = api(`/promoters/${promoter.id}/webhooks/${id}`);
    const failing = await t.http().get(endpointPath).set(authHeader(promoter.owner.accessToken)).expect(200);
    expect(failing.body).toMatchObject({ status: 'enabled' });
    expect(failing.body.failingSince).not.toBeNull();

    t.clock.advance(4 * DAY);
    const stillTrying = await sendTest(promoter, id);
    // The first message is due again and goes first (then gives up: its 3 days are over); this one follows.
    await t.sweep('webhook-deliveries');
    await attempted(stillTrying.id, 1);
    expect(await delivery(first.id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await t.http().get(endpointPath).set(authHeader(promoter.owner.accessToken))).body.status).toBe(
      'enabled',
    );

    t.clock.advance(DAY);
    const last = await sendTest(promoter, id);
    // The day-4 message is due again first (an endpoint's messages go in order): its failure disables.
    await t.sweep('webhook-deliveries');
    await eventually(async () => (await delivery(last.id)).status === 'failed');
    const disabled = await t.http().get(endpointPath).set(authHeader(promoter.owner.accessToken)).expect(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    // What was still pending failed with it, unsent.
    expect(await delivery(stillTrying.id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(await delivery(last.id)).toMatchObject({ status: 'failed', attempts: 0 });
    const emails = (await t.dataSource.query(
      `SELECT recipient, data FROM notifications WHERE template = 'webhook-disabled' AND data->>'url' = $1`,
      [receiver.url(path)],
    )) as Array<{ recipient: string; data: { reason: string } }>;
    expect(emails).toEqual([
      { recipient: promoter.owner.email, data: expect.objectContaining({ reason: 'failing' }) },
    ]);

    const refused = await t
      .http()
      .post(api(`/promoters/${promoter.id}/webhooks/${id}/deliveries/${last.id}/redeliver`))
      .set(authHeader(promoter.owner.accessToken));
    expect([refused.status, refused.body.code]).toEqual([409, 'WEBHOOK_ENDPOINT_DISABLED']);

    receiver.replyAlways({ status: 200 });
    const enabled = await t
      .http()
      .patch(endpointPath)
      .set(authHeader(promoter.owner.accessToken))
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body).toMatchObject({ status: 'enabled', disabledReason: null, failingSince: null });
    const again = await t
      .http()
      .post(api(`/promoters/${promoter.id}/webhooks/${id}/deliveries/${last.id}/redeliver`))
      .set(authHeader(promoter.owner.accessToken))
      .expect(202);
    await eventually(async () => (await delivery(again.body.id)).status === 'succeeded');
  });

  it('disables an endpoint at once when it answers 410 Gone', async () => {
    const promoter = await createApprovedPromoter(t);
    const { id } = await addEndpoint(promoter, ['order.paid'], receiver.url(`/gone-${promoter.id}`));
    receiver.replyNext({ status: 410 });
    const test = await sendTest(promoter, id);
    await eventually(async () => (await delivery(test.id)).status === 'failed');
    const res = await t
      .http()
      .get(api(`/promoters/${promoter.id}/webhooks/${id}`))
      .set(authHeader(promoter.owner.accessToken))
      .expect(200);
    expect(res.body).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
  });

  it('gives up on a message after three days of failures', async () => {
    const promoter = await createApprovedPromoter(t);
    const { id } = await addEndpoint(promoter, ['order.paid'], receiver.url(`/never-${promoter.id}`));
    receiver.replyAlways({ status: 500 });
    const test = await sendTest(promoter, id);
    await attempted(test.id, 1);
    for (let round = 0; (await delivery(test.id)).status === 'pending'; round++) {
      const { attempts, next_attempt_at } = await delivery(test.id);
      t.clock.advance(next_attempt_at.getTime() - t.clock.now().getTime() + MINUTE);
      await t.sweep('webhook-deliveries');
      await attempted(test.id, attempts + 1);
      // The endpoint has failed for under 5 days, so it stays enabled and keeps retrying.
      expect(round).toBeLessThan(20);
    }
    const [row] = (await t.dataSource.query(
      `SELECT status, attempts, created_at, last_attempt_at FROM webhook_deliveries WHERE id = $1`,
      [test.id],
    )) as Array<{ status: string; attempts: number; created_at: Date; last_attempt_at: Date }>;
    expect(row.status).toBe('failed');
    const span = row.last_attempt_at.getTime() - row.created_at.getTime();
    expect(span).toBeLessThanOrEqual(3 * DAY + 2 * MINUTE);
    expect(span).toBeGreaterThan(2.5 * DAY);
    expect(row.attempts).toBeGreaterThanOrEqual(12);
  });
});
