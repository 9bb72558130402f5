import { createTestApp, eventually, TestApp } from './app';
import { createApprovedPromoter, TestPromoter } from './factories/catalog';
import { authHeader } from './factories/users';
import { WebhookReceiver } from './support/webhook-receiver';

const api = (path: string) => `/api/v1${path}`;

/**
 * The SSRF guard as production runs it (WEBHOOK_ALLOW_PRIVATE_NETWORKS off): no endpoint may point at our own
 * network, and a host that turns private later is refused at delivery time, before any connection. Nothing here
 * connects anywhere but the local receiver, which must never be reached.
 */
describe('webhook SSRF guard', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let promoter: TestPromoter;

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
    promoter = await createApprovedPromoter(t);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  const create = (url: string) =>
    t
      .http()
      .post(api(`/promoters/${promoter.id}/webhooks`))
      .set(authHeader(promoter.owner.accessToken))
      .send({ url, events: ['order.paid'] });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['loopback', 'http://localhost/hook'],
    ['loopback', 'http://[::1]/hook'],
    ['loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['private', 'https://10.0.0.5/hook'],
    ['private', 'http://192.168.1.20/hook'],
    ['private', 'http://172.20.0.1/hook'],
    ['metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['link-local', 'http://169.254.1.1/hook'],
    ['reserved', 'http://0.0.0.0/hook'],
  ])('refuses a %s address: %s', async (kind, url) => {
    const res = await create(url);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('WEBHOOK_URL_FORBIDDEN');
    expect(res.body.details.kind).toBe(kind);
  });

  it('refuses an address that turned private at delivery time, without connecting', async () => {
    // A public-looking endpoint whose host later resolves to loopback is what DNS rebinding does; here the
    // stored URL is changed under the API's feet to stand for it.
    const created = await create('https://hooks.example.com/ticket-vendor');
    expect(created.status).toBe(201);
    await t.dataSource.query(`UPDATE webhook_endpoints SET url = $2 WHERE id = $1`, [
      created.body.id,
      receiver.url('/rebound'),
    ]);
    const test = await t
      .http()
      .post(api(`/promoters/${promoter.id}/webhooks/${created.body.id}/test`))
      .set(authHeader(promoter.owner.accessToken))
      .expect(202);
    const row = await eventually(async () => {
      const [r] = (await t.dataSource.query(
        `SELECT attempts, status, response_status, last_error, claimed_until FROM webhook_deliveries WHERE id = $1`,
        [test.body.id],
      )) as Array<{
        attempts: number;
        status: string;
        response_status: number | null;
        last_error: string;
        claimed_until: Date | null;
      }>;
      return r.attempts === 1 && r.claimed_until === null ? r : null;
    });
    expect(row).toMatchObject({ status: 'pending', response_status: null });
    expect(row.last_error).toBe(
      'Refused: 127.0.0.1 resolves to 127.0.0.1, a loopback address webhooks may not reach',
    );
    expect(receiver.received).toEqual([]);
  });
});
