import { createTestApp, TestApp } from './app';
import { createEvent, createOnSaleEvent, createTier, OnSaleEvent, publishEvent } from './factories/catalog';
import { createList, scanOnline } from './factories/door';
import { buyOrder, emailsTo, tierCounts, ticketsOf } from './factories/orders';
import { authHeader, registerUser, strongPassword, TestUser, uniqueEmail } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

describe('door: ticket transfers', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let sender: TestUser;
  let tickets: Array<{ id: string; code: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    sale = await createOnSaleEvent(t, { tiers: [{ capacity: 20, price: 1500 }] });
    sender = await registerUser(t, { name: 'Ada Lovelace' });
    const order = await buyOrder(t, sender, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 6 }]);
    tickets = await ticketsOf(t, order.id);
  });
  afterAll(() => t.close());

  const offer = (user: TestUser, ticketId: string, email: string, name = 'Charles Babbage') =>
    t
      .http()
      .post(api(`/tickets/${ticketId}/transfers`))
      .set(authHeader(user.accessToken))
      .send({ email, name });

  const accept = (transferId: string, body: Record<string, unknown>, user?: TestUser) => {
    const req = t.http().post(api(`/transfers/${transferId}/accept`));
    if (user) req.set(authHeader(user.accessToken));
    return req.send(body);
  };

  /** The token from the accept link in the recipient's email. */
  async function tokenFor(email: string, transferId: string): Promise<string> {
    const mails = await emailsTo(t, email, 'ticket-transfer-offer');
    const mail = mails.find((m) => m.data.transferId === transferId)!;
    return new URL(mail.data.acceptUrl as string).searchParams.get('token')!;
  }

  it('the recipient accepts signed in: one transaction voids the old code and issues a new one; both are emailed', async () => {
    const recipient = await registerUser(t, { name: 'Charles Babbage' });
    const created = await offer(sender, tickets[0].id, recipient.email.toUpperCase()).expect(201);
    expect(created.body).toMatchObject({
      status: 'pending',
      recipientEmail: recipient.email,
      ticketId: tickets[0].id,
    });
    const token = await tokenFor(recipient.email, created.body.id);

    const wrong = await registerUser(t);
    const refused = await accept(created.body.id, { token }, wrong);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('TRANSFER_WRONG_RECIPIENT');
    expect((await accept(created.body.id, { token: 'x'.repeat(43) }, recipient)).status).toBe(404);

    const before = await tierCounts(t, sale.tierIds[0]);
    const res = await accept(created.body.id, { token }, recipient).expect(200);
    expect(res.body.transfer).toMatchObject({ status: 'accepted', newTicketId: res.body.ticket.id });
    expect(res.body.ticket).toMatchObject({
      holderId: recipient.id,
      attendeeName: 'Charles Babbage',
      status: 'valid',
    });
    expect(res.body.ticket.code).not.toBe(tickets[0].code);
    expect(res.body.session).toBeNull();
    expect(await tierCounts(t, sale.tierIds[0])).toEqual(before);

    const old = await t
      .http()
      .get(api(`/tickets/${tickets[0].id}`))
      .set(authHeader(sender.accessToken))
      .expect(200);
    expect(old.body).toMatchObject({ status: 'void', voidReason: 'transferred' });
    await t
      .http()
      .get(api(`/tickets/${res.body.ticket.id}`))
      .set(authHeader(sender.accessToken))
      .expect(404);
    const mine = await t.http().get(api('/tickets')).set(authHeader(recipient.accessToken)).expect(200);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([res.body.ticket.id]);

    const list = await createList(t, sale.owner, sale.eventId);
    const dead = await scanOnline(t, sale.owner, sale.eventId, list.id, tickets[0].code);
    expect(dead.body).toMatchObject({ code: 'TICKET_VOID', details: { reason: 'transferred' } });
    await scanOnline(t, sale.owner, sale.eventId, list.id, res.body.ticket.code).expect(200);

    expect(await emailsTo(t, sender.email, 'ticket-transferred')).toHaveLength(1);
    const received = await emailsTo(t, recipient.email, 'ticket-received');
    expect(received).toHaveLength(1);
    expect(received[0].attachments[0]).toMatchObject({ qrText: res.body.ticket.code });
    const [audit] = await t.dataSource.query(
      `SELECT actor_id, after FROM audit_entries WHERE action = 'ticket.transferred' AND entity_id = $1`,
      [tickets[0].id],
    );
    expect(audit).toMatchObject({ actor_id: recipient.id, after: { newTicketId: res.body.ticket.id } });

    const replay = await accept(created.body.id, { token }, recipient);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('TRANSFER_NOT_PENDING');
  });

  it('creates the account of a recipient who has none, and signs them in', async () => {
    const email = uniqueEmail('gift');
    const created = await offer(sender, tickets[1].id, email, 'Grace Hopper').expect(201);
    const token = await tokenFor(email, created.body.id);
    const noPassword = await accept(created.body.id, { token });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.details.fields[0].field).toBe('password');
    const res = await accept(created.body.id, { token, password: strongPassword() }).expect(200);
    expect(res.body.session.user).toMatchObject({ email, name: 'Grace Hopper' });
    const me = await t
      .http()
      .get(api(`/tickets/${res.body.ticket.id}`))
      .set(authHeader(res.body.session.accessToken))
      .expect(200);
    expect(me.body.holderId).toBe(res.body.session.user.id);

    // An existing account must sign in instead.
    const again = await offer(sender, tickets[2].id, email).expect(201);
    const second = await accept(again.body.id, {
      token: await tokenFor(email, again.body.id),
      password: strongPassword(),
    });
    expect(second.status).toBe(401);
    expect(second.body.code).toBe('TRANSFER_SIGN_IN_REQUIRED');
  });

  it('the sender cancels before acceptance; strangers cannot; one pending transfer per ticket', async () => {
    const email = uniqueEmail();
    const created = await offer(sender, tickets[3].id, email).expect(201);
    const twice = await offer(sender, tickets[3].id, uniqueEmail());
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('TRANSFER_PENDING');
    const stranger = await registerUser(t);
    await t
      .http()
      .post(api(`/transfers/${created.body.id}/cancel`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
    await offer(stranger, tickets[3].id, uniqueEmail()).expect(404);
    const cancelled = await t
      .http()
      .post(api(`/transfers/${created.body.id}/cancel`))
      .set(authHeader(sender.accessToken))
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const late = await accept(created.body.id, {
      token: await tokenFor(email, created.body.id),
      password: strongPassword(),
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TRANSFER_NOT_PENDING');
    expect((await offer(sender, tickets[3].id, sender.email)).body.code).toBe('TRANSFER_TO_SELF');
  });

  it('no transfer after check-in, after the cut-off, or where the promoter switched transfers off', async () => {
    const list = await createList(t, sale.owner, sale.eventId, { name: 'Transfers door' });
    await scanOnline(t, sale.owner, sale.eventId, list.id, tickets[4].code).expect(200);
    const used = await offer(sender, tickets[4].id, uniqueEmail());
    expect(used.status).toBe(409);
    expect(used.body.code).toBe('TICKET_ALREADY_CHECKED_IN');

    // A pending transfer dies with the check-in that happens before it is accepted.
    const email = uniqueEmail();
    const pending = await offer(sender, tickets[5].id, email).expect(201);
    await scanOnline(t, sale.owner, sale.eventId, list.id, tickets[5].code).expect(200);
    const afterScan = await accept(pending.body.id, {
      token: await tokenFor(email, pending.body.id),
      password: strongPassword(),
    });
    expect(afterScan.status).toBe(409);
    expect(afterScan.body.code).toBe('TICKET_ALREADY_CHECKED_IN');

    const closed = await createEvent(t, sale.promoter, {
      transfersEnabled: false,
      startsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
    });
    const tier = await createTier(t, sale.owner, closed.id, { capacity: 5 });
    await publishEvent(t, sale.owner, closed.id);
    const order = await buyOrder(t, sender, closed.id, [{ tierId: tier.id, quantity: 1 }]);
    const [ticket] = await ticketsOf(t, order.id);
    const off = await offer(sender, ticket.id, uniqueEmail());
    expect(off.status).toBe(409);
    expect(off.body).toMatchObject({ code: 'TRANSFERS_CLOSED', details: { transfersEnabled: false } });

    await t
      .http()
      .patch(api(`/events/${closed.id}`))
      .set(authHeader(sale.token))
      .send({ transfersEnabled: true, transferCutoffMinutes: 240 })
      .expect(200);
    const cutOff = await offer(sender, ticket.id, uniqueEmail());
    expect(cutOff.body).toMatchObject({ code: 'TRANSFERS_CLOSED', details: { cutoffMinutes: 240 } });
    await t
      .http()
      .patch(api(`/events/${closed.id}`))
      .set(authHeader(sale.token))
      .send({ transferCutoffMinutes: 60 })
      .expect(200);
    await offer(sender, ticket.id, uniqueEmail()).expect(201);
  });
});
