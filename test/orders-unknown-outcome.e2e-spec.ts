import { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { BeforeQueryEvent } from 'typeorm/subscriber/event/QueryEvent';
import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { postOrder, tierCounts } from './factories/orders';
import { registerUser } from './factories/users';

/** The backend of a query runner's connection (pg's Client keeps it). */
const backendPid = (runner: QueryRunner) =>
  (runner as unknown as { databaseConnection: { processID: number } }).databaseConnection.processID;

/**
 * Terminates the app's own Postgres connection at a chosen moment, the way an administrator's
 * `pg_terminate_backend` or a failover does, and waits until the backend is gone so the statement that follows
 * meets a dead connection.
 */
class ConnectionKiller implements EntitySubscriberInterface {
  private armed?: { at: 'commit' } | { at: 'query'; pattern: RegExp };
  killed = 0;

  constructor(private readonly admin: DataSource) {}

  armAtCommit(): void {
    this.armed = { at: 'commit' };
  }

  armAtQuery(pattern: RegExp): void {
    this.armed = { at: 'query', pattern };
  }

  async beforeTransactionCommit(event: { queryRunner: QueryRunner }): Promise<void> {
    if (this.armed?.at === 'commit') await this.kill(event.queryRunner);
  }

  async beforeQuery(event: BeforeQueryEvent): Promise<void> {
    if (this.armed?.at === 'query' && this.armed.pattern.test(event.query))
      await this.kill(event.queryRunner);
  }

  private async kill(runner: QueryRunner): Promise<void> {
    this.armed = undefined;
    const pid = backendPid(runner);
    await this.admin.query('SELECT pg_terminate_backend($1)', [pid]);
    for (let i = 0; i < 100; i++) {
      const rows = (await this.admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [
        pid,
      ])) as unknown[];
      if (rows.length === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    this.killed++;
  }
}

/**
 * Issue 10: "One COMMIT failed with an outcome the client cannot know." With an Idempotency-Key the client
 * finds out by retrying: the retry answers the order if the first attempt placed it and places it if not,
 * and there is never a second order.
 */
describe('POST /orders when the connection dies around the COMMIT', () => {
  let t: TestApp;
  let admin: DataSource;
  let killer: ConnectionKiller;
  let sale: OnSaleEvent;

  beforeAll(async () => {
    t = await createTestApp({ role: 'api' });
    admin = new DataSource({ type: 'postgres', url: t.config.database.url, extra: { max: 2 } });
    await admin.initialize();
    killer = new ConnectionKiller(admin);
    t.dataSource.subscribers.push(killer);
    sale = await createOnSaleEvent(t, { tiers: [{ capacity: 10, maxPerOrder: 4 }] });
  });

  afterAll(async () => {
    await admin.destroy();
    await t.close();
  });

  const ordersOf = async (buyerId: string) =>
    (await t.dataSource.query(`SELECT id, status FROM orders WHERE buyer_id = $1`, [buyerId])) as Array<{
      id: string;
      status: string;
    }>;

  it('a COMMIT that never happened: 503 DATABASE_UNAVAILABLE, and the retry places the order once', async () => {
    const buyer = await registerUser(t);
    const items = [{ tierId: sale.tierIds[0], quantity: 2 }];
    const before = await tierCounts(t, sale.tierIds[0]);

    killer.armAtCommit();
    const first = await postOrder(t, buyer, sale.eventId, items, 'commit-lost-1');
    expect(killer.killed).toBe(1);
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('DATABASE_UNAVAILABLE');
    expect(first.headers['retry-after']).toBe('2');
    expect(await ordersOf(buyer.id)).toEqual([]);

    const retry = await postOrder(t, buyer, sale.eventId, items, 'commit-lost-1');
    expect(retry.status).toBe(201);
    expect(await ordersOf(buyer.id)).toEqual([{ id: retry.body.id, status: 'pending' }]);
    expect((await tierCounts(t, sale.tierIds[0])).held).toBe(before.held + 2);

    // The key now replays the stored response.
    const replay = await postOrder(t, buyer, sale.eventId, items, 'commit-lost-1');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(retry.body.id);
  });

  it('a COMMIT that happened but whose answer was lost: the retry answers the same order and starts its payment', async () => {
    const buyer = await registerUser(t);
    const items = [{ tierId: sale.tierIds[0], quantity: 1 }];
    const before = await tierCounts(t, sale.tierIds[0]);

    // The hold commits; the connection dies under the payment link that follows.
    killer.armAtQuery(/UPDATE orders o SET payment_provider/);
    const first = await postOrder(t, buyer, sale.eventId, items, 'answer-lost-1');
    expect(killer.killed).toBe(2);
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('DATABASE_UNAVAILABLE');
    const [placed] = await ordersOf(buyer.id);
    expect(placed.status).toBe('pending');

    const retry = await postOrder(t, buyer, sale.eventId, items, 'answer-lost-1');
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(placed.id);
    expect(retry.body.payment.provider).toBe('test');
    expect(await ordersOf(buyer.id)).toHaveLength(1);
    expect((await tierCounts(t, sale.tierIds[0])).held).toBe(before.held + 1);

    const confirm = await t
      .http()
      .post(`/api/v1/orders/${placed.id}/confirm`)
      .set('Authorization', `Bearer ${buyer.accessToken}`);
    expect(confirm.status).toBe(200);
    expect(confirm.body.status).toBe('paid');
  });

  it('refuses the same key for another order even after the first attempt failed', async () => {
    const buyer = await registerUser(t);
    killer.armAtQuery(/UPDATE orders o SET payment_provider/);
    const first = await postOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }], 'k-9');
    expect(first.body.code).toBe('DATABASE_UNAVAILABLE');
    const other = await postOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 3 }], 'k-9');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ordersOf(buyer.id)).toHaveLength(1);
  });

  it('recovers the pool: the next requests find healthy connections', async () => {
    const buyer = await registerUser(t);
    for (let i = 0; i < 5; i++) {
      const res = await t.http().get('/api/v1/orders').set('Authorization', `Bearer ${buyer.accessToken}`);
      expect(res.status).toBe(200);
    }
  });
});
