import { createTestApp, TestApp } from './app';
import { addMember, createOnSaleEvent } from './factories/catalog';
import { createList, scanOnline } from './factories/door';
import { buyOrder, confirmOrder, emailsTo, postOrder, ticketsOf, tierCounts } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { claimOffer, entryRow, joined } from './factories/waitlist';

const api = (path: string) => `/api/v1${path}`;
/** A hold that finds no unit: refused before the lock (sold out) or under it (fewer than asked for). */
const SOLD_OUT = ['TIER_SOLD_OUT', 'INSUFFICIENT_INVENTORY'];

describe('resale at face value through the waitlist', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A sold-out tier of `capacity` at 2000, one seller holding one of its tickets, a 250 bps resale fee. */
  async function soldOut(capacity = 2) {
    const sale = await createOnSaleEvent(t, {
      tiers: [{ capacity, price: 2000 }],
      event: { resaleFeeBps: 250 },
    });
    const seller = await registerUser(t, { name: 'Seller' });
    const order = await buyOrder(t, seller, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const [ticket] = await ticketsOf(t, order.id);
    if (capacity > 1) {
      await buyOrder(t, await registerUser(t), sale.eventId, [
        { tierId: sale.tierIds[0], quantity: capacity - 1 },
      ]);
    }
    return { sale, seller, sellerOrderId: order.id, ticket };
  }

  const list = (user: TestUser, ticketId: string) =>
    t
      .http()
      .post(api(`/tickets/${ticketId}/resale`))
      .set(authHeader(user.accessToken))
      .send();
  const withdraw = (user: TestUser, ticketId: string) =>
    t
      .http()
      .delete(api(`/tickets/${ticketId}/resale`))
      .set(authHeader(user.accessToken))
      .send();

  async function refundsOf(orderId: string) {
    return t.dataSource.query(
      `SELECT amount, status, idempotency_key FROM payments WHERE order_id = $1 AND kind = 'refund'`,
      [orderId],
    ) as Promise<Array<{ amount: number; status: string; idempotency_key: string }>>;
  }

  async function expectSettled(s: Awaited<ReturnType<typeof soldOut>>, buyerOrderId: string) {
    const [seller] = await ticketsOf(t, s.sellerOrderId);
    expect(seller.status).toBe('void');
    const [row] = await t.dataSource.query(`SELECT void_reason FROM tickets WHERE id = $1`, [seller.id]);
    expect(row.void_reason).toBe('resold');
    const [bought] = await ticketsOf(t, buyerOrderId);
    expect(bought.status).toBe('valid');
    // 2000 less 2.5%, once.
    const refunds = await refundsOf(s.sellerOrderId);
    expect(refunds).toEqual([
      { amount: 1950, status: 'succeeded', idempotency_key: expect.stringMatching(/^resale-/) },
    ]);
    const order = await t
      .http()
      .get(api(`/orders/${s.sellerOrderId}`))
      .set(authHeader(s.seller.accessToken));
    expect(order.body).toMatchObject({ status: 'refunded', refundedAmount: 1950 });
    expect(await emailsTo(t, s.seller.email, 'resale-sold')).toHaveLength(1);
    expect(await tierCounts(t, s.sale.tierIds[0])).toMatchObject({ sold: 2, held: 0, capacity: 2 });
  }

  it('offers a listed ticket to the next waitlisted buyer first; when they pay, the seller is refunded', async () => {
    const s = await soldOut();
    const waiting = await registerUser(t);
    const entry = await joined(t, waiting, s.sale.eventId, s.sale.tierIds[0]);
    const listed = await list(s.seller, s.ticket.id).expect(201);
    expect(listed.body).toMatchObject({
      status: 'listed',
      facePrice: 2000,
      feeBps: 250,
      expectedPayout: 1950,
    });
    // Reserved for the waitlist in the listing transaction: the public cannot take it.
    expect((await entryRow(t, entry.id)).status).toBe('offered');
    expect(await tierCounts(t, s.sale.tierIds[0])).toMatchObject({ sold: 1, held: 1 });
    const publicBuyer = await registerUser(t);
    const late = await postOrder(t, publicBuyer, s.sale.eventId, [
      { tierId: s.sale.tierIds[0], quantity: 1 },
    ]);
    expect(SOLD_OUT).toContain(late.body.code);
    // The seller's code admits nobody while listed.
    const door = await createList(t, s.sale.owner, s.sale.eventId);
    const scan = await scanOnline(t, s.sale.owner, s.sale.eventId, door.id, s.ticket.code);
    expect(scan.body.code).toBe('TICKET_LISTED_FOR_RESALE');

    const claim = await claimOffer(t, waiting, entry.id).expect(201);
    expect(claim.body.items[0]).toMatchObject({ unitPrice: 2000 });
    // Fulfilment running twice at once (webhook and confirm) refunds the seller once.
    const confirms = await Promise.all([
      confirmOrder(t, waiting, claim.body.id),
      confirmOrder(t, waiting, claim.body.id),
    ]);
    expect(confirms.map((r) => r.body.status)).toEqual(['paid', 'paid']);
    await t.sweep('provider-refunds', new Date(Date.now() + 3600_000));
    await expectSettled(s, claim.body.id);
    const [audit] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'ticket.resold' AND entity_id = $1`,
      [s.ticket.id],
    );
    expect(audit.n).toBe(1);
  });

  it('two buyers race for one resale unit: one holds it, the other finds the tier sold out', async () => {
    const s = await soldOut();
    await list(s.seller, s.ticket.id).expect(201);
    const [a, b] = [await registerUser(t), await registerUser(t)];
    const results = await Promise.all(
      [a, b].map((buyer) =>
        postOrder(t, buyer, s.sale.eventId, [{ tierId: s.sale.tierIds[0], quantity: 1 }]),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(SOLD_OUT).toContain(results.find((r) => r.status === 409)!.body.code);
    const winner = results.findIndex((r) => r.status === 201);
    const res = await confirmOrder(t, [a, b][winner], results[winner].body.id).expect(200);
    expect(res.body).toMatchObject({ status: 'paid', total: 2000 });
    await expectSettled(s, results[winner].body.id);
  });

  it('resale racing a withdrawal: exactly one of the hold and the withdrawal wins', async () => {
    const s = await soldOut();
    await list(s.seller, s.ticket.id).expect(201);
    const buyer = await registerUser(t);
    const [hold, back] = await Promise.all([
      postOrder(t, buyer, s.sale.eventId, [{ tierId: s.sale.tierIds[0], quantity: 1 }]),
      withdraw(s.seller, s.ticket.id),
    ]);
    const counts = await tierCounts(t, s.sale.tierIds[0]);
    if (hold.status === 201) {
      expect(back.status).toBe(409);
      expect(back.body.code).toBe('RESALE_RESERVED');
      expect(counts).toMatchObject({ sold: 1, held: 1 });
      // Once the buyer's hold ends, the unit is free again and the seller may take the ticket back.
      await t
        .http()
        .post(api(`/orders/${hold.body.id}/cancel`))
        .set(authHeader(buyer.accessToken))
        .expect(200);
      await withdraw(s.seller, s.ticket.id).expect(200);
    } else {
      expect(SOLD_OUT).toContain(hold.body.code);
      expect(back.status).toBe(200);
      expect(back.body.status).toBe('withdrawn');
    }
    expect(await tierCounts(t, s.sale.tierIds[0])).toMatchObject({ sold: 2, held: 0 });
    const [ticket] = await ticketsOf(t, s.sellerOrderId);
    expect(ticket.status).toBe('valid');
    const again = await withdraw(s.seller, s.ticket.id);
    expect(again.body.code).toBe('RESALE_NOT_ACTIVE');
    // The withdrawn ticket admits again.
    const door = await createList(t, s.sale.owner, s.sale.eventId);
    await scanOnline(t, s.sale.owner, s.sale.eventId, door.id, s.ticket.code).expect(200);
  });

  it("resale while the seller's ticket is being scanned: one of them wins, never both", async () => {
    for (let i = 0; i < 2; i++) {
      const s = await soldOut();
      const staff = await registerUser(t);
      await addMember(t, s.sale.owner, s.sale.promoter.id, staff, 'staff');
      const door = await createList(t, s.sale.owner, s.sale.eventId);
      const [listing, scan] = await Promise.all([
        list(s.seller, s.ticket.id),
        scanOnline(t, staff, s.sale.eventId, door.id, s.ticket.code),
      ]);
      const counts = await tierCounts(t, s.sale.tierIds[0]);
      if (listing.status === 201) {
        expect(scan.status).toBe(409);
        expect(scan.body.code).toBe('TICKET_LISTED_FOR_RESALE');
        expect(counts.sold).toBe(1);
      } else {
        expect(scan.status).toBe(200);
        expect(listing.status).toBe(409);
        expect(listing.body.code).toBe('TICKET_ALREADY_CHECKED_IN');
        expect(counts.sold).toBe(2);
      }
    }
  });

  it('a listed ticket refunded by the organiser ends its listing and frees its unit only once', async () => {
    const s = await soldOut();
    await list(s.seller, s.ticket.id).expect(201);
    await t
      .http()
      .post(api(`/orders/${s.sellerOrderId}/refunds`))
      .set(authHeader(s.sale.token))
      .send({})
      .expect(201);
    expect(await tierCounts(t, s.sale.tierIds[0])).toMatchObject({ sold: 1, held: 0 });
    const [listing] = await t.dataSource.query(`SELECT status FROM ticket_resales WHERE ticket_id = $1`, [
      s.ticket.id,
    ]);
    expect(listing.status).toBe('cancelled');
    // A buyer of the freed unit now buys an ordinary unit: nobody else is refunded.
    const buyer = await registerUser(t);
    await buyOrder(t, buyer, s.sale.eventId, [{ tierId: s.sale.tierIds[0], quantity: 1 }]);
    expect(await refundsOf(s.sellerOrderId)).toEqual([expect.objectContaining({ amount: 2000 })]);
    expect(await tierCounts(t, s.sale.tierIds[0])).toMatchObject({ sold: 2, held: 0 });
  });

  it('only the paying holder may resell, where the promoter allows it; strangers get 404', async () => {
    const s = await soldOut();
    const stranger = await registerUser(t);
    await list(stranger, s.ticket.id).expect(404);
    await t
      .http()
      .patch(api(`/events/${s.sale.eventId}`))
      .set(authHeader(s.sale.token))
      .send({ resaleEnabled: false })
      .expect(200);
    const closed = await list(s.seller, s.ticket.id);
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ code: 'RESALE_CLOSED', details: { resaleEnabled: false } });
    await t
      .http()
      .patch(api(`/events/${s.sale.eventId}`))
      .set(authHeader(s.sale.token))
      .send({ resaleEnabled: true })
      .expect(200);
    await list(s.seller, s.ticket.id).expect(201);
    const twice = await list(s.seller, s.ticket.id);
    expect(twice.body.code).toBe('TICKET_LISTED_FOR_RESALE');
    const transfer = await t
      .http()
      .post(api(`/tickets/${s.ticket.id}/transfers`))
      .set(authHeader(s.seller.accessToken))
      .send({ email: stranger.email, name: 'Someone' });
    expect(transfer.body.code).toBe('TICKET_LISTED_FOR_RESALE');
  });
});
