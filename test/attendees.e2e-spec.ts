import { createTestApp, TestApp } from './app';
import { addMember, createOnSaleEvent, OnSaleEvent, TierSpec } from './factories/catalog';
import { confirmOrder, OrderBody, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { FakeStripe } from './support/fake-stripe';

const api = (path: string) => `/api/v1${path}`;
const DAY_MS = 24 * 3600 * 1000;

interface AttendeesBody {
  required: boolean;
  complete: boolean;
  missing: Array<{ tierId: string; unit: number; ticketId: string | null; fields: string[] }>;
  editableUntil: string | null;
  paidWithMissingDetails: boolean;
  units: Array<{
    tierId: string;
    unit: number;
    ticketId: string | null;
    name: string | null;
    email: string | null;
    answers: Array<{ questionId: string; value: unknown }>;
  }>;
}
type Order = OrderBody & { attendees: AttendeesBody };

/**
 * Attendee details and custom questions: the promoter's questions, the buyer's answers per unit while the order
 * is pending (the payment waits for what is required), per ticket once paid (until the event's cut-off), the
 * attendee list with the answers, and money that comes anyway. Payments go through a fake Stripe, so a payment
 * can succeed before the app is asked, as it does when a buyer pays from a page opened earlier.
 */
describe('attendees: details, questions and answers', () => {
  let t: TestApp;
  let stripe: FakeStripe;
  let staff: TestUser;

  beforeAll(async () => {
    stripe = new FakeStripe();
    t = await createTestApp({ env: await stripe.start(), role: 'api' });
    staff = await registerUser(t);
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
    await stripe.stop();
  });

  const as = (user: TestUser) => ({
    get: (path: string) => t.http().get(api(path)).set(authHeader(user.accessToken)),
    post: (path: string, body: object = {}) =>
      t.http().post(api(path)).set(authHeader(user.accessToken)).send(body),
    put: (path: string, body: object) => t.http().put(api(path)).set(authHeader(user.accessToken)).send(body),
    patch: (path: string, body: object) =>
      t.http().patch(api(path)).set(authHeader(user.accessToken)).send(body),
    delete: (path: string) => t.http().delete(api(path)).set(authHeader(user.accessToken)),
  });

  const question = async (sale: OnSaleEvent, body: Record<string, unknown>): Promise<{ id: string }> =>
    (await as(sale.owner).post(`/events/${sale.eventId}/questions`, body).expect(201)).body;

  const place = async (buyer: TestUser, sale: OnSaleEvent, quantity: number, tierId = sale.tierIds[0]) =>
    (
      await as(buyer)
        .post('/orders', { eventId: sale.eventId, items: [{ tierId, quantity }] })
        .expect(201)
    ).body as Order;

  const sendWebhook = (delivery: { body: string; signature: string }) =>
    t
      .http()
      .post(api('/webhooks/stripe'))
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', delivery.signature)
      .send(delivery.body)
      .expect(200);

  /** An event whose first tier needs attendee details, with a required size and an optional birthday. */
  async function sizedSale(tier: TierSpec = {}, event: Record<string, unknown> = {}) {
    const sale = await createOnSaleEvent(t, {
      tiers: [{ name: 'Runner', attendeeDetails: 'required', price: 4000, ...tier }],
      event,
    });
    const size = await question(sale, {
      label: 'T-shirt size',
      type: 'single_choice',
      required: true,
      choices: ['S', 'M', 'L'],
    });
    const birthday = await question(sale, { label: 'Birthday', type: 'date', position: 2 });
    return { sale, size: size.id, birthday: birthday.id };
  }

  it('managers write questions, door staff get 403, strangers 404; the public reads them without hidden tiers', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ name: 'Open' }, { name: 'Crew', hidden: true }] });
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    const [open, crew] = sale.tierIds;
    const diet = await question(sale, {
      label: 'Diet',
      type: 'multiple_choice',
      choices: ['Vegan', 'Halal'],
      position: 1,
    });
    const mixed = await question(sale, { label: 'Shift', type: 'text', tierIds: [open, crew], position: 2 });
    const crewOnly = await question(sale, {
      label: 'Radio call sign',
      type: 'text',
      tierIds: [crew],
      position: 3,
    });

    const bad = async (body: object, field: string) => {
      const res = await as(sale.owner).post(`/events/${sale.eventId}/questions`, body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await bad({ label: 'Size', type: 'single_choice' }, 'choices');
    await bad({ label: 'Name', type: 'text', choices: ['a'] }, 'choices');
    const other = await createOnSaleEvent(t, { owner: sale.owner });
    await bad({ label: 'Elsewhere', type: 'text', tierIds: [other.tierIds[0]] }, 'tierIds');

    const stranger = await registerUser(t);
    const staffTry = await as(staff).post(`/events/${sale.eventId}/questions`, { label: 'x', type: 'text' });
    expect([staffTry.status, staffTry.body.code]).toEqual([403, 'FORBIDDEN']);
    const strangerTry = await as(stranger).patch(`/questions/${diet.id}`, { label: 'x' });
    expect([strangerTry.status, strangerTry.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await as(staff).delete(`/questions/${diet.id}`)).status).toBe(403);

    const publicView = await t
      .http()
      .get(api(`/events/${sale.eventId}/questions`))
      .expect(200);
    expect(publicView.body.map((q: { id: string; tierIds: string[] }) => [q.id, q.tierIds])).toEqual([
      [diet.id, []],
      [mixed.id, [open]],
    ]);
    const memberView = await as(staff).get(`/events/${sale.eventId}/questions`).expect(200);
    expect(memberView.body.map((q: { id: string }) => q.id)).toEqual([diet.id, mixed.id, crewOnly.id]);

    const renamed = await as(sale.owner)
      .patch(`/questions/${diet.id}`, { label: 'Dietary needs', required: true })
      .expect(200);
    expect(renamed.body).toMatchObject({ label: 'Dietary needs', required: true, type: 'multiple_choice' });
    const retype = await as(sale.owner).patch(`/questions/${diet.id}`, { type: 'text' });
    expect(retype.status).toBe(400);
    await as(sale.owner).delete(`/questions/${mixed.id}`).expect(204);
    const after = await t
      .http()
      .get(api(`/events/${sale.eventId}/questions`))
      .expect(200);
    expect(after.body.map((q: { id: string }) => q.id)).toEqual([diet.id]);
    const audit = await t.dataSource.query(
      `SELECT action FROM audit_entries WHERE entity_type = 'question' AND entity_id = ANY($1::text[]) ORDER BY action`,
      [[diet.id, mixed.id]],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'question.created',
      'question.created',
      'question.deleted',
      'question.updated',
    ]);
  });

  it('holds the payment until required details are given, checks each answer, then starts it', async () => {
    const { sale, size, birthday } = await sizedSale();
    const buyer = await registerUser(t);
    const order = await place(buyer, sale, 2);
    const tierId = sale.tierIds[0];
    // Nothing to pay with yet, and the answer says what is missing.
    expect(order.payment).toEqual({ provider: 'none' });
    expect(stripe.intentFor(order.id)).toBeUndefined();
    const missingAll = [0, 1].map((unit) => ({
      tierId,
      unit,
      ticketId: null,
      fields: ['name', 'email', `answers.${size}`],
    }));
    expect(order.attendees).toMatchObject({ required: true, complete: false, missing: missingAll });
    const early = await confirmOrder(t, buyer, order.id);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ATTENDEE_DETAILS_MISSING', details: { missing: missingAll } });

    const invalid = await as(buyer).put(`/orders/${order.id}/attendees`, {
      attendees: [
        { tierId, unit: 2, name: 'Nobody' },
        { tierId, unit: 0, answers: [{ questionId: size, value: 'XXL' }] },
        {
          tierId,
          unit: 1,
          answers: [
            { questionId: birthday, value: '1990-02-30' },
            { questionId: sale.eventId, value: 'x' },
          ],
        },
      ],
    });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(invalid.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'attendees.0.unit',
      'attendees.1.answers.0.value',
      'attendees.2.answers.0.value',
      'attendees.2.answers.1.questionId',
    ]);
    const stranger = await registerUser(t);
    expect((await as(stranger).put(`/orders/${order.id}/attendees`, { attendees: [] })).status).toBe(404);
    const organiser = await as(sale.owner).put(`/orders/${order.id}/attendees`, { attendees: [] });
    expect([organiser.status, organiser.body.code]).toEqual([403, 'FORBIDDEN']);

    const half = await as(buyer)
      .put(`/orders/${order.id}/attendees`, {
        attendees: [
          {
            tierId,
            unit: 0,
            name: 'Grace Hopper',
            email: 'Grace@Example.com',
            answers: [{ questionId: size, value: 'M' }],
          },
        ],
      })
      .expect(200);
    expect(half.body.attendees).toMatchObject({ complete: false, missing: [missingAll[1]] });
    expect(half.body.payment.clientSecret).toBeUndefined();

    const done = await as(buyer)
      .put(`/orders/${order.id}/attendees`, {
        attendees: [
          {
            tierId,
            unit: 1,
            name: 'Alan Turing',
            email: 'alan@example.com',
            answers: [
              { questionId: birthday, value: '1912-06-23' },
              { questionId: size, value: 'L' },
            ],
          },
        ],
      })
      .expect(200);
    const intent = stripe.intentFor(order.id)!;
    expect(done.body.attendees).toMatchObject({ required: true, complete: true, missing: [] });
    expect(done.body.payment).toEqual({
      provider: 'stripe',
      reference: intent.id,
      clientSecret: intent.client_secret,
    });
    expect(done.body.attendees.units[1]).toEqual({
      tierId,
      unit: 1,
      ticketId: null,
      name: 'Alan Turing',
      email: 'alan@example.com',
      answers: [
        { questionId: size, value: 'L' },
        { questionId: birthday, value: '1912-06-23' },
      ],
    });

    stripe.succeed(intent.id);
    const paid = await confirmOrder(t, buyer, order.id).expect(200);
    expect(paid.body).toMatchObject({
      status: 'paid',
      attendees: { complete: true, paidWithMissingDetails: false },
    });
    const tickets = await t.dataSource.query(
      `SELECT id, attendee_name, attendee_email, answers FROM tickets WHERE order_id = $1 ORDER BY created_at, id`,
      [order.id],
    );
    expect(tickets.map((k: { attendee_name: string }) => k.attendee_name).sort()).toEqual([
      'Alan Turing',
      'Grace Hopper',
    ]);
    expect(paid.body.attendees.units.map((u: { ticketId: string }) => u.ticketId).sort()).toEqual(
      tickets.map((k: { id: string }) => k.id).sort(),
    );
    const [{ attendee_drafts: drafts }] = await t.dataSource.query(
      `SELECT attendee_drafts FROM orders WHERE id = $1`,
      [order.id],
    );
    expect(drafts).toEqual([]);
    const audit = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE entity_id = $1 AND action = 'order.attendees_updated'`,
      [order.id],
    );
    expect(audit[0].n).toBe(2);

    // The attendee list shows the answers; its CSV has a column per question.
    const list = await as(sale.owner).get(`/events/${sale.eventId}/attendees`).expect(200);
    const grace = list.body.items.find((a: { attendeeName: string }) => a.attendeeName === 'Grace Hopper');
    expect(grace).toMatchObject({
      attendeeEmail: 'grace@example.com',
      answers: [{ questionId: size, value: 'M' }],
    });
    const csv = await as(sale.owner)
      .get(`/events/${sale.eventId}/attendees`)
      .set('Accept', 'text/csv')
      .expect(200);
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header.split(',').slice(-2)).toEqual(['T-shirt size', 'Birthday']);
    expect(rows.map((r) => r.split(',').slice(-2)).sort()).toEqual([
      ['L', '1912-06-23'],
      ['M', ''],
    ]);
  });

  it('lets the buyer edit the tickets they hold, and any holder their own, until the cut-off', async () => {
    const { sale, size } = await sizedSale(
      { attendeeDetails: 'optional' },
      { attendeeCutoffMinutes: 24 * 60 },
    );
    const buyer = await registerUser(t);
    const order = await place(buyer, sale, 2);
    // Names are optional here, the size is not.
    expect(order.attendees).toMatchObject({ required: true, complete: false });
    const missing = order.attendees.missing.map((m) => m.fields);
    expect(missing).toEqual([[`answers.${size}`], [`answers.${size}`]]);
    await as(buyer)
      .put(`/orders/${order.id}/attendees`, {
        attendees: [0, 1].map((unit) => ({
          tierId: sale.tierIds[0],
          unit,
          answers: [{ questionId: size, value: 'S' }],
        })),
      })
      .expect(200);
    stripe.succeed(stripe.intentFor(order.id)!.id);
    await confirmOrder(t, buyer, order.id).expect(200);
    const [first, second] = await ticketsOf(t, order.id);

    const byTier = await as(buyer).put(`/orders/${order.id}/attendees`, {
      attendees: [{ tierId: sale.tierIds[0], unit: 0 }],
    });
    expect(byTier.body.details.fields[0].field).toBe('attendees.0.ticketId');
    const edited = await as(buyer)
      .put(`/orders/${order.id}/attendees`, { attendees: [{ ticketId: first.id, name: 'Ada Byron' }] })
      .expect(200);
    const unit = edited.body.attendees.units.find((u: { ticketId: string }) => u.ticketId === first.id);
    // Omitted fields stay: the answer given before payment is still there.
    expect(unit).toMatchObject({
      name: 'Ada Byron',
      email: buyer.email,
      answers: [{ questionId: size, value: 'S' }],
    });

    // The holder's own route, for the buyer or whoever the ticket went to.
    const own = await as(buyer).put(`/tickets/${second.id}/attendee`, {
      answers: [{ questionId: size, value: 'XL' }],
    });
    expect(own.body.details.fields).toEqual([
      { field: 'answers.0.value', errors: ['must be one of: S, M, L'] },
    ]);
    const ticket = await as(buyer)
      .put(`/tickets/${second.id}/attendee`, {
        email: 'friend@example.com',
        answers: [{ questionId: size, value: 'L' }],
      })
      .expect(200);
    expect(ticket.body).toMatchObject({
      attendeeEmail: 'friend@example.com',
      answers: [{ questionId: size, value: 'L' }],
    });
    const byOrganiser = await as(sale.owner).put(`/tickets/${second.id}/attendee`, { name: 'X' });
    expect([byOrganiser.status, byOrganiser.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(
      (await as(await registerUser(t)).put(`/tickets/${second.id}/attendee`, { name: 'X' })).status,
    ).toBe(404);
    const audited = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'ticket.attendee_updated' AND entity_id = ANY($1::text[])`,
      [[first.id, second.id]],
    );
    expect(audited[0].n).toBe(2);

    // A day before the start, edits close.
    const startsAt = new Date(sale.event.startsAt).getTime();
    t.clock.advance(startsAt - DAY_MS - t.clock.now().getTime() + 1000);
    const closed = await as(buyer).put(`/tickets/${second.id}/attendee`, { name: 'Too late' });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({
      code: 'ATTENDEE_EDITS_CLOSED',
      details: { editableUntil: new Date(startsAt - DAY_MS).toISOString() },
    });
    expect((await as(buyer).put(`/orders/${order.id}/attendees`, { attendees: [] })).body.code).toBe(
      'ATTENDEE_EDITS_CLOSED',
    );
  });

  it('fulfils money that arrives anyway, with the buyer standing in, and flags the order', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 1500 }] });
    const buyer = await registerUser(t);
    const order = await place(buyer, sale, 1);
    expect(order.payment.clientSecret).toBeDefined();
    // The promoter asks a required question after the buyer's checkout page got its client secret.
    const terms = await question(sale, {
      label: 'I accept the house rules',
      type: 'checkbox',
      required: true,
    });
    const refused = await confirmOrder(t, buyer, order.id);
    expect(refused.body).toMatchObject({
      code: 'ATTENDEE_DETAILS_MISSING',
      details: { missing: [{ unit: 0, fields: [`answers.${terms.id}`] }] },
    });

    // The buyer pays from that page anyway: Stripe took the money, so the tickets are issued.
    const intent = stripe.succeed(stripe.intentFor(order.id)!.id);
    await sendWebhook(stripe.webhook('payment_intent.succeeded', intent));
    const paid = await as(buyer).get(`/orders/${order.id}`).expect(200);
    expect(paid.body).toMatchObject({
      status: 'paid',
      attendees: {
        paidWithMissingDetails: true,
        complete: false,
        missing: [{ fields: [`answers.${terms.id}`] }],
      },
    });
    const [ticket] = await t.dataSource.query(
      `SELECT id, attendee_name, attendee_email FROM tickets WHERE order_id = $1`,
      [order.id],
    );
    expect(ticket).toMatchObject({ attendee_name: buyer.name, attendee_email: buyer.email });
    const audit = await t.dataSource.query(
      `SELECT after FROM audit_entries WHERE entity_id = $1 AND action = 'order.paid'`,
      [order.id],
    );
    expect(audit[0].after.missingAttendeeDetails).toHaveLength(1);

    // The buyer completes it afterwards; the flag stays as a record of how it was paid.
    const completed = await as(buyer)
      .put(`/orders/${order.id}/attendees`, {
        attendees: [{ ticketId: ticket.id, answers: [{ questionId: terms.id, value: true }] }],
      })
      .expect(200);
    expect(completed.body.attendees).toMatchObject({ complete: true, paidWithMissingDetails: true });
  });

  it('issues a free order that needs details once they are given', async () => {
    const { sale, size } = await sizedSale({ price: 0 });
    const buyer = await registerUser(t);
    const order = await place(buyer, sale, 1);
    expect(order).toMatchObject({
      status: 'pending',
      total: 0,
      attendees: { required: true, complete: false },
    });
    const done = await as(buyer)
      .put(`/orders/${order.id}/attendees`, {
        attendees: [
          {
            tierId: sale.tierIds[0],
            unit: 0,
            name: 'Free Rider',
            email: 'free@example.com',
            answers: [{ questionId: size, value: 'S' }],
          },
        ],
      })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'paid', attendees: { complete: true } });
    const [ticket] = await t.dataSource.query(`SELECT attendee_name FROM tickets WHERE order_id = $1`, [
      order.id,
    ]);
    expect(ticket.attendee_name).toBe('Free Rider');
  });
});
