import { Response } from 'supertest';
import { createTestApp, eventually, TestApp } from './app';
import { addMember, createOnSaleEvent, OnSaleEvent, sharedAdmin } from './factories/catalog';
import { buyOrder, confirmOrder, emailsTo, holdOrder, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { FakeSendgrid } from './support/fake-sendgrid';
import { ObjectStorage } from '../src/platform/storage/object-storage';
import { invoicePdfKey } from '../src/checkout/invoices/invoice-pdfs.service';
import { NotificationDelivery } from '../src/delivery/notifications/notification-delivery.service';

const api = (path: string) => `/api/v1${path}`;

/** supertest buffers `application/pdf` bodies as a Buffer with this parser; error answers stay JSON. */
function binary(res: Response, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => {
    const body = Buffer.concat(chunks);
    const json = String(res.headers['content-type']).startsWith('application/json');
    done(null, json ? JSON.parse(body.toString('utf8')) : body);
  });
}

jest.setTimeout(180_000);

interface InvoiceBody {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  creditsInvoice: string | null;
  net: number;
  tax: number;
  fees: number;
  total: number;
  ticketIds: string[];
  sequence: number;
}

/**
 * Invoices and credit notes (issue 12): gap-free numbers per promoter issued in the fulfilment and refund
 * transactions, PDFs drawn by the worker and attached to the emails (sent through the local SendGrid stand-in),
 * the buyer's billing details and the promoter's legal details on them, and who may read them.
 */
describe('invoices and credit notes', () => {
  const sendgrid = new FakeSendgrid();
  let t: TestApp;
  let year: number;
  beforeAll(async () => {
    const url = await sendgrid.start();
    t = await createTestApp({
      env: { BOOKING_FEE_BPS: '1000', SENDGRID_API_KEY: 'SG.test', SENDGRID_API_URL: url },
    });
    year = t.clock.now().getUTCFullYear();
  });
  afterAll(async () => {
    await t.close();
    await sendgrid.stop();
  });

  const documents = async (user: TestUser, orderId: string): Promise<InvoiceBody[]> =>
    (
      await t
        .http()
        .get(api(`/orders/${orderId}/invoices`))
        .set(authHeader(user.accessToken))
        .expect(200)
    ).body as InvoiceBody[];
  const invoicePdf = (user: TestUser, orderId: string) =>
    t
      .http()
      .get(api(`/orders/${orderId}/invoice`))
      .set(authHeader(user.accessToken))
      .buffer(true)
      .parse(binary);
  const setPrefix = (sale: OnSaleEvent, body: Record<string, unknown>) =>
    t
      .http()
      .patch(api(`/promoters/${sale.promoter.id}`))
      .set(authHeader(sale.token))
      .send(body);

  it('the promoter records its legal details and prefix; the invoice carries them and the billing details', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 1200, taxRateBps: 2000, capacity: 10 }] });
    for (const invoicePrefix of ['acme', 'A', 'TOOLONGPREFIX', 'AC-ME']) {
      const bad = await setPrefix(sale, { invoicePrefix });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields).toEqual([expect.objectContaining({ field: 'invoicePrefix' })]);
    }
    const legal = await setPrefix(sale, {
      legalName: 'Acme Events GmbH',
      legalAddress: 'Torstraße 1\n10119 Berlin',
      taxId: 'DE123456789',
      invoicePrefix: 'ACME1',
    }).expect(200);
    expect(legal.body).toMatchObject({
      legalName: 'Acme Events GmbH',
      taxId: 'DE123456789',
      invoicePrefix: 'ACME1',
    });

    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 2 }]);
    const billing = { name: 'Lovelace Analytics Ltd', address: '10 Marylebone Road\nLondon', taxId: 'GB999' };
    const billingPut = (user: TestUser, body: object = billing) =>
      t
        .http()
        .put(api(`/orders/${order.id}/billing-details`))
        .set(authHeader(user.accessToken))
        .send(body);
    expect((await billingPut(await registerUser(t))).status).toBe(404);
    const notBuyer = await billingPut(sale.owner);
    expect([notBuyer.status, notBuyer.body.code]).toEqual([403, 'FORBIDDEN']);
    const invalid = await billingPut(buyer, { name: '', address: 'x', extra: 1 });
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    const put = await billingPut(buyer).expect(200);
    expect(put.body.billingDetails).toEqual(billing);
    // Not issued while the order is pending.
    const early = await invoicePdf(buyer, order.id);
    expect([early.status, early.body.code]).toEqual([409, 'INVOICE_NOT_READY']);
    expect(await documents(buyer, order.id)).toEqual([]);

    await confirmOrder(t, buyer, order.id).expect(200);
    const [invoice] = await documents(buyer, order.id);
    // 2400 incl. 20% = 2000 + 400; fee 240.
    expect(invoice).toMatchObject({
      kind: 'invoice',
      number: `ACME1-${year}-000001`,
      creditsInvoice: null,
      net: 2000,
      tax: 400,
      fees: 240,
      total: 2640,
      sequence: 1,
    });
    const [row] = await t.dataSource.query(`SELECT seller, buyer FROM invoices WHERE id = $1`, [invoice.id]);
    expect(row.seller).toMatchObject({ name: 'Acme Events GmbH', taxId: 'DE123456789' });
    expect(row.buyer).toMatchObject({ name: 'Lovelace Analytics Ltd', taxId: 'GB999', email: buyer.email });
    const locked = await billingPut(buyer);
    expect([locked.status, locked.body.code]).toEqual([409, 'BILLING_DETAILS_LOCKED']);

    // The worker draws the PDF and stores it in the object storage.
    const storage = t.app.get(ObjectStorage);
    await eventually(async () => {
      const [doc] = await t.dataSource.query(`SELECT pdf_ready_at FROM invoices WHERE id = $1`, [invoice.id]);
      const stored = await storage.head(invoicePdfKey({ id: invoice.id, promoterId: sale.promoter.id }));
      return doc?.pdf_ready_at && stored && stored.contentType === 'application/pdf' && stored.size > 1000;
    }, 60000);
    const pdf = await invoicePdf(buyer, order.id).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="ACME1-${year}-000001.pdf"`);
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('the confirmation email carries the invoice PDF as an attachment', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 1500, capacity: 10 }] });
    const buyer = await registerUser(t);
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    const [invoice] = await documents(buyer, order.id);
    const sent = await eventually(
      () =>
        Promise.resolve(
          sendgrid.requests.find(
            (r) =>
              r.body.personalizations[0].to[0].email === buyer.email.toLowerCase() &&
              r.body.attachments?.some((a) => a.type === 'application/pdf'),
          ),
        ),
      60000,
    );
    const attachment = sent.body.attachments!.find((a) => a.type === 'application/pdf')!;
    expect(attachment).toMatchObject({ filename: `${invoice.number}.pdf`, disposition: 'attachment' });
    expect(Buffer.from(attachment.content, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sent.body.content.map((c) => c.value).join('\n')).toContain(invoice.number);
    // Alongside the inline QR code of the ticket.
    expect(sent.body.attachments!.filter((a) => a.type === 'image/png')).toHaveLength(1);

    // A PDF not drawn yet (its job lost, the sweep not run) is drawn by the delivery itself: never an email without it.
    const storage = t.app.get(ObjectStorage);
    await storage.delete([invoicePdfKey({ id: invoice.id, promoterId: sale.promoter.id })]);
    await t.dataSource.query(`UPDATE invoices SET pdf_ready_at = NULL WHERE id = $1`, [invoice.id]);
    const [row] = await t.dataSource.query(
      `INSERT INTO notifications (recipient, template, data, attachments)
       SELECT recipient, template, data, attachments FROM notifications WHERE id = $1 RETURNING id`,
      [(await emailsTo(t, buyer.email, 'order-confirmation'))[0].id],
    );
    const before = sendgrid.requests.length;
    await expect(t.app.get(NotificationDelivery).deliver({ notificationId: row.id })).resolves.toBe('sent');
    const resent = sendgrid.requests
      .slice(before)
      .find((r) => r.body.attachments?.some((a) => a.type === 'application/pdf'));
    const pdf = resent!.body.attachments!.find((a) => a.type === 'application/pdf')!;
    expect(Buffer.from(pdf.content, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [redrawn] = await t.dataSource.query(`SELECT pdf_ready_at FROM invoices WHERE id = $1`, [
      invoice.id,
    ]);
    expect(redrawn.pdf_ready_at).toBeInstanceOf(Date);
  });

  it('numbers have no gaps and no duplicates under parallel payments', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 1000, capacity: 50 }] });
    const prefix = `PAR${String(Date.now()).slice(-5)}`;
    await setPrefix(sale, { invoicePrefix: prefix }).expect(200);
    const buyers = await Promise.all(Array.from({ length: 8 }, () => registerUser(t)));
    const holds = await Promise.all(
      buyers.map((b) => holdOrder(t, b, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }])),
    );
    const confirmed = await Promise.all(holds.map((o, i) => confirmOrder(t, buyers[i], o.id)));
    expect(confirmed.map((r) => r.body.status)).toEqual(Array(8).fill('paid'));
    const rows = await t.dataSource.query(
      `SELECT number, sequence FROM invoices WHERE promoter_id = $1 AND kind = 'invoice' ORDER BY sequence`,
      [sale.promoter.id],
    );
    expect(rows.map((r: { sequence: number }) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(rows.map((r: { number: string }) => r.number)).size).toBe(8);
    expect(rows[7].number).toBe(`${prefix}-${year}-000008`);
    const [counter] = await t.dataSource.query(
      `SELECT last_sequence FROM invoice_counters WHERE promoter_id = $1 AND kind = 'invoice'`,
      [sale.promoter.id],
    );
    expect(counter.last_sequence).toBe(8);
  });

  it('each refund issues a credit note in its own series that references the invoice; together they credit it all', async () => {
    const sale = await createOnSaleEvent(t, {
      tiers: [{ price: 1001, capacity: 10, taxRateBps: 700, taxMode: 'exclusive' }],
    });
    await setPrefix(sale, { invoicePrefix: 'CRED' }).expect(200);
    const buyer = await registerUser(t);
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 3 }]);
    // 3003 + 7% (210.21 → 210) = 3213; fee 10% of 3003 = 300.
    expect(order).toMatchObject({ net: 3003, tax: 210, fees: 300, total: 3513 });
    const tickets = await ticketsOf(t, order.id);

    const partial = await t
      .http()
      .post(api(`/orders/${order.id}/refunds`))
      .set(authHeader(sale.token))
      .send({ ticketIds: [tickets[0].id] })
      .expect(201);
    // One unit: 1001 + 70 tax.
    expect(partial.body.refundedAmount).toBe(1071);
    const full = await t
      .http()
      .post(api(`/orders/${order.id}/refunds`))
      .set(authHeader(sale.token))
      .send({})
      .expect(201);
    expect(full.body).toMatchObject({ status: 'refunded', refundedAmount: 3513 });

    const docs = await documents(buyer, order.id);
    expect(docs.map((d) => [d.kind, d.number, d.creditsInvoice])).toEqual([
      ['invoice', `CRED-${year}-000001`, null],
      ['credit_note', `CRED-CN-${year}-000001`, `CRED-${year}-000001`],
      ['credit_note', `CRED-CN-${year}-000002`, `CRED-${year}-000001`],
    ]);
    const [, first, second] = docs;
    expect(first).toMatchObject({ net: 1001, tax: 70, fees: 0, total: 1071, ticketIds: [tickets[0].id] });
    expect(second).toMatchObject({ net: 2002, tax: 140, fees: 300, total: 2442 });
    expect(first.total + second.total).toBe(docs[0].total);
    expect(first.tax + second.tax).toBe(docs[0].tax);

    const pdf = await t
      .http()
      .get(api(`/orders/${order.id}/credit-notes/${first.id}`))
      .set(authHeader(buyer.accessToken))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.headers['content-disposition']).toContain(`CRED-CN-${year}-000001.pdf`);
    const unknown = await t
      .http()
      .get(api(`/orders/${order.id}/credit-notes/${docs[0].id}`))
      .set(authHeader(buyer.accessToken));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);

    // Each refund email names and attaches its credit note.
    const mails = await emailsTo(t, buyer.email, 'refund-issued');
    expect(mails.map((m) => m.data.creditNoteNumber)).toEqual([first.number, second.number]);
    expect(mails.map((m) => m.attachments[0])).toEqual([
      expect.objectContaining({ invoiceId: first.id, type: 'application/pdf' }),
      expect.objectContaining({ invoiceId: second.id, type: 'application/pdf' }),
    ]);
    // Money figures come from the report snapshots (refreshed by the worker's sweep).
    await t.sweep('report-snapshots');
    const report = await t
      .http()
      .get(api(`/events/${sale.eventId}/reports/sales`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(report.body.totals).toMatchObject({ tax: 210, taxRefunded: 210, refunded: 3513 });
  });

  it('the buyer, the owners and managers and admins read them; door staff and strangers get 404', async () => {
    const sale = await createOnSaleEvent(t, { tiers: [{ price: 800, capacity: 10 }] });
    const buyer = await registerUser(t);
    const manager = await registerUser(t);
    const staff = await registerUser(t);
    await addMember(t, sale.owner, sale.promoter.id, manager, 'manager');
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    for (const reader of [buyer, sale.owner, manager, await sharedAdmin(t)]) {
      const res = await invoicePdf(reader, order.id);
      expect(res.status).toBe(200);
    }
    for (const outsider of [staff, await registerUser(t)]) {
      const pdf = await invoicePdf(outsider, order.id);
      expect([pdf.status, pdf.body.code]).toEqual([404, 'NOT_FOUND']);
      const list = await t
        .http()
        .get(api(`/orders/${order.id}/invoices`))
        .set(authHeader(outsider.accessToken));
      expect(list.status).toBe(404);
    }
    const anonymous = await t.http().get(api(`/orders/${order.id}/invoice`));
    expect(anonymous.status).toBe(401);
  });
});
