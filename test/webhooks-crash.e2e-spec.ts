import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestApp, eventually, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { buyOrder } from './factories/orders';
import { authHeader, registerUser } from './factories/users';
import { WebhookReceiver } from './support/webhook-receiver';
import { flushRedis } from './support/redis';

const ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };

/**
 * Nothing is lost when the worker dies mid-delivery (SIGKILL, the built `dist/src/main.js --role=worker` as a
 * real process) and Redis forgets every job (FLUSHDB): the delivery rows in Postgres are the truth, and the
 * sweep of a new worker re-queues them once the dead worker's claim has run out. Messages still arrive in order.
 */
describe('webhooks survive a killed worker and an emptied Redis', () => {
  let api: TestApp;
  let worker: TestApp | undefined;
  let child: ChildProcess | undefined;
  let receiver: WebhookReceiver;
  let sale: OnSaleEvent;

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
    api = await createTestApp({ role: 'api', env: ENV });
    sale = await createOnSaleEvent(api, { tiers: [{ capacity: 50 }] });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await worker?.close();
    await api.close();
    await receiver.stop();
  });

  it('delivers every message once the sweep finds what the dead worker left', async () => {
    const created = await api
      .http()
      .post(`/api/v1/promoters/${sale.promoter.id}/webhooks`)
      .set(authHeader(sale.token))
      .send({ url: receiver.url('/crm'), events: ['order.paid'] })
      .expect(201);
    const endpointId = created.body.id as string;
    // The first message hangs in the receiver: the worker is killed while it waits for the answer.
    receiver.replyNext({ hang: true });
    child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'src', 'main.js'), '--role=worker'], {
      env: {
        ...process.env,
        ...ENV,
        DATABASE_URL: api.config.database.url,
        REDIS_URL: api.config.redis.url,
        SWEEP_INTERVAL_SECONDS: '3600',
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child!.once('exit', resolve));

    const orders = [];
    for (let i = 0; i < 4; i++) {
      orders.push(
        await buyOrder(api, await registerUser(api), sale.eventId, [
          { tierId: sale.tierIds[0], quantity: 1 },
        ]),
      );
    }
    await eventually(async () => receiver.received.length === 1, 30_000);
    child.kill('SIGKILL');
    await exited;
    await flushRedis(api);

    worker = await createTestApp({ role: 'worker', env: ENV });
    // Nothing moves until the dead worker's claim runs out; then one sweep is enough.
    expect(await worker.sweep('webhook-deliveries')).toBe(0);
    worker.clock.advance(2 * 60_000);
    expect(await worker.sweep('webhook-deliveries')).toBe(1);

    const rows = async () =>
      (await api.dataSource.query(
        `SELECT message_id, status, attempts FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY seq`,
        [endpointId],
      )) as Array<{ message_id: string; status: string; attempts: number }>;
    await eventually(async () => (await rows()).every((r) => r.status === 'succeeded'), 15_000);
    const deliveries = await rows();
    expect(deliveries).toHaveLength(4);
    expect(deliveries.map((d) => d.attempts)).toEqual([2, 1, 1, 1]);
    const paid = receiver.received.map((r) => r.json.data.order as { id: string });
    // The first one twice (the hung attempt and its retry, same webhook-id), then the rest, in order.
    expect(paid.map((o) => o.id)).toEqual([orders[0].id, ...orders.map((o) => o.id)]);
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([
      deliveries[0].message_id,
      ...deliveries.map((d) => d.message_id),
    ]);
  });
});
