import { createTestApp, eventually, TestApp } from './app';
import { createOnSaleEvent, createPendingPromoter, OnSaleEvent } from './factories/catalog';
import { buyOrder, emailsTo, holdOrder, ticketsOf, tierCounts } from './factories/orders';
import { authHeader, createAdmin, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

/** The export link emailed to `email` (waits for the worker to build it). */
async function exportLink(t: TestApp, email: string): Promise<string> {
  const [mail] = await eventually(async () => {
    const mails = await emailsTo(t, email, 'data-export-ready');
    return mails.length > 0 ? mails : null;
  });
  return new URL(mail.data.downloadUrl as string).pathname + new URL(mail.data.downloadUrl as string).search;
}

const auditActions = async (t: TestApp, userId: string) =>
  (
    (await t.dataSource.query(
      `SELECT action FROM audit_entries WHERE entity_type = 'user' AND entity_id = $1 ORDER BY created_at`,
      [userId],
    )) as Array<{ action: string }>
  ).map((r) => r.action);

describe('GDPR: export and erasure', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    sale = await createOnSaleEvent(t, {
      tiers: [
        { capacity: 10, price: 2000 },
        { capacity: 10, price: 500 },
      ],
    });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  describe('export', () => {
    it('builds a JSON archive of everything about the user, emailed as a link that expires', async () => {
      const buyer = await registerUser(t, { name: 'Ada Export' });
      const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);

      const res = await t.http().post(api('/me/export')).set(authHeader(buyer.accessToken)).expect(202);
      expect(res.body).toMatchObject({ id: expect.any(String), status: 'pending' });
      const link = await exportLink(t, buyer.email);
      expect(link).toMatch(new RegExp(`^/api/v1/me/exports/${res.body.id}/download\\?token=`));

      const download = await t.http().get(link).expect(200);
      expect(download.headers['content-disposition']).toContain('attachment');
      const archive = download.body;
      expect(archive).toMatchObject({
        format: 'ticket-vendor-export/1',
        account: { id: buyer.id, email: buyer.email, name: 'Ada Export' },
      });
      expect(archive.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
      expect(archive.orders[0]).not.toHaveProperty('payment_client_secret');
      expect(archive.tickets).toHaveLength(1);
      expect(archive.tickets[0]).not.toHaveProperty('code');
      expect(archive.sessions).toHaveLength(1);
      expect(archive.emails.map((e: { template: string }) => e.template)).toContain('order-confirmation');
      expect(archive.auditEntries.map((a: { action: string }) => a.action)).toEqual(
        expect.arrayContaining(['auth.registered', 'privacy.export_requested']),
      );
      expect(await auditActions(t, buyer.id)).toEqual(
        expect.arrayContaining([
          'privacy.export_requested',
          'privacy.export_built',
          'privacy.export_downloaded',
        ]),
      );
    });

    it('refuses a wrong token (404) and an expired link (410); the sweep drops expired archives', async () => {
      const user = await registerUser(t);
      const { body } = await t.http().post(api('/me/export')).set(authHeader(user.accessToken)).expect(202);
      const link = await exportLink(t, user.email);
      const wrong = await t
        .http()
        .get(api(`/me/exports/${body.id}/download?token=${'x'.repeat(43)}`))
        .expect(404);
      expect(wrong.body.code).toBe('NOT_FOUND');

      t.clock.advance((t.config.privacy.exportTtlHours + 1) * 3600 * 1000);
      try {
        expect((await t.http().get(link).expect(410)).body.code).toBe('DATA_EXPORT_EXPIRED');
        await t.sweep('data-exports');
      } finally {
        t.clock.reset();
      }
      const [row] = await t.dataSource.query(`SELECT archive FROM data_exports WHERE id = $1`, [body.id]);
      expect(row.archive).toBeNull();
    });

    it("lets an admin build a user's export (the link goes to the user), and no one else", async () => {
      const user = await registerUser(t);
      const stranger = await registerUser(t);
      await t
        .http()
        .post(api(`/admin/users/${user.id}/export`))
        .set(authHeader(stranger.accessToken))
        .expect(403);
      const res = await t
        .http()
        .post(api(`/admin/users/${user.id}/export`))
        .set(authHeader(admin.accessToken))
        .expect(202);
      expect(res.body.status).toBe('pending');
      await exportLink(t, user.email);
      const unknown = await t
        .http()
        .post(api('/admin/users/00000000-0000-4000-8000-000000000000/export'))
        .set(authHeader(admin.accessToken))
        .expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
    });
  });

  describe('erasure', () => {
    const eraseSelf = (user: TestUser, password: string) =>
      t.http().delete(api('/me')).set(authHeader(user.accessToken)).send({ password });

    it('refunds tickets for events to come, releases holds, then pseudonymises; the books keep their amounts', async () => {
      const buyer = await registerUser(t, { name: 'Grace Erase' });
      const paid = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
      const hold = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[1], quantity: 1 }]);
      const before0 = await tierCounts(t, sale.tierIds[0]);
      const before1 = await tierCounts(t, sale.tierIds[1]);

      const wrong = await eraseSelf(buyer, 'not-the-password').expect(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      await t.http().get(api('/auth/me')).set(authHeader(buyer.accessToken)).expect(200);

      await eraseSelf(buyer, buyer.password).expect(204);

      // Signed out everywhere, and the account cannot sign in again.
      await t.http().get(api('/auth/me')).set(authHeader(buyer.accessToken)).expect(401);
      const login = await t
        .http()
        .post(api('/auth/login'))
        .send({ email: buyer.email, password: buyer.password });
      expect(login.status).toBe(401);
      await t.http().post(api('/auth/refresh')).send({ refreshToken: buyer.refreshToken }).expect(401);

      const [user] = await t.dataSource.query(
        `SELECT email, name, status, erased_at, deleted_at FROM users WHERE id = $1`,
        [buyer.id],
      );
      expect(user).toMatchObject({
        email: `erased-${buyer.id}@erased.invalid`,
        name: 'Erased user',
        status: 'disabled',
      });
      expect(user.erased_at).toBeInstanceOf(Date);

      // The paid order was refunded through the refund path and stays, with its amounts.
      const [order] = await t.dataSource.query(
        `SELECT status, total, refunded_amount FROM orders WHERE id = $1`,
        [paid.id],
      );
      expect(order).toEqual({ status: 'refunded', total: paid.total, refunded_amount: paid.total });
      const tickets = await t.dataSource.query(
        `SELECT status, attendee_name, attendee_email FROM tickets WHERE order_id = $1`,
        [paid.id],
      );
      expect(tickets).toEqual([
        { status: 'void', attendee_name: 'Erased user', attendee_email: `erased-${buyer.id}@erased.invalid` },
        { status: 'void', attendee_name: 'Erased user', attendee_email: `erased-${buyer.id}@erased.invalid` },
      ]);
      const refunds = await t.dataSource.query(
        `SELECT amount FROM payments WHERE order_id = $1 AND kind = 'refund'`,
        [paid.id],
      );
      expect(refunds).toEqual([{ amount: paid.total }]);
      const [held] = await t.dataSource.query(`SELECT status FROM orders WHERE id = $1`, [hold.id]);
      expect(held.status).toBe('cancelled');
      expect(await tierCounts(t, sale.tierIds[0])).toMatchObject({ sold: before0.sold - 2 });
      expect(await tierCounts(t, sale.tierIds[1])).toMatchObject({ held: before1.held - 1 });

      // Nothing personal is left behind in sessions, the audit log or the copies of sent emails.
      expect(await t.dataSource.query(`SELECT 1 FROM auth_sessions WHERE user_id = $1`, [buyer.id])).toEqual(
        [],
      );
      const traces = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_entries
          WHERE (actor_id = $1 OR entity_id = $1::text) AND (ip IS NOT NULL OR after->>'email' IS NOT NULL)`,
        [buyer.id],
      );
      expect(traces).toEqual([{ n: 0 }]);
      expect(await auditActions(t, buyer.id)).toEqual(
        expect.arrayContaining(['privacy.erasure_started', 'privacy.erased']),
      );
    });

    it('refuses with a coded reason, changing nothing, when a ticket cannot be refunded automatically', async () => {
      const buyer = await registerUser(t);
      const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[1], quantity: 1 }]);
      const [ticket] = await ticketsOf(t, order.id);
      await t.dataSource.query(`UPDATE tickets SET status = 'checked_in' WHERE id = $1`, [ticket.id]);

      const res = await eraseSelf(buyer, buyer.password).expect(409);
      expect(res.body).toMatchObject({
        code: 'ERASURE_REFUSED',
        details: { reason: 'ticket_checked_in', ids: [ticket.id] },
      });
      await t.http().get(api('/auth/me')).set(authHeader(buyer.accessToken)).expect(200);
      const [row] = await t.dataSource.query(`SELECT status FROM orders WHERE id = $1`, [order.id]);
      expect(row.status).toBe('paid');
      expect(await auditActions(t, buyer.id)).toContain('privacy.erasure_refused');
    });

    it("refuses to erase a promoter's only owner", async () => {
      const promoter = await createPendingPromoter(t);
      const res = await eraseSelf(promoter.owner, promoter.owner.password).expect(409);
      expect(res.body.details).toEqual({ reason: 'sole_promoter_owner', ids: [promoter.id] });
    });

    it('lets an admin erase a user, but not themselves, and not a customer erase anyone', async () => {
      const user = await registerUser(t);
      const other = await registerUser(t);
      await t
        .http()
        .delete(api(`/admin/users/${user.id}`))
        .set(authHeader(other.accessToken))
        .expect(403);
      await t
        .http()
        .delete(api(`/admin/users/${user.id}`))
        .set(authHeader(admin.accessToken))
        .expect(204);
      await t.http().get(api('/auth/me')).set(authHeader(user.accessToken)).expect(401);
      const again = await t
        .http()
        .delete(api(`/admin/users/${user.id}`))
        .set(authHeader(admin.accessToken));
      expect(again.status).toBe(404);
      const self = await t
        .http()
        .delete(api(`/admin/users/${admin.id}`))
        .set(authHeader(admin.accessToken));
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('CANNOT_MODIFY_SELF');
    });
  });
});
