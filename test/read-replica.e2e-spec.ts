import { ReadDatabase } from '../src/platform/database/read-database';
import { createTestApp, eventually, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { buyOrder, postOrder, tierCounts } from './factories/orders';
import { authHeader, registerUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

/**
 * Run by `npm run test:replica` (scripts/test-replica.sh) against a private primary and its streaming replica:
 * DATABASE_URL is the primary and DATABASE_READ_URL the same database on the replica (test/setup-env.ts).
 * Pausing WAL replay on the replica freezes what it serves, so a test can tell which server answered.
 */
describe('read replica (DATABASE_READ_URL)', () => {
  let t: TestApp;
  let read: ReadDatabase;

  const replica = (sql: string, params: unknown[] = []) =>
    read.manager.query(sql, params) as Promise<unknown[]>;

  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const [{ lsn }] = (await t.dataSource.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`)) as Array<{
      lsn: string;
    }>;
    await eventually(async () => {
      const [row] = (await replica(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`, [lsn])) as Array<{
        done: boolean;
      }>;
      return row.done;
    });
  }

  async function pauseReplay(): Promise<void> {
    await caughtUp();
    await replica(`SELECT pg_wal_replay_pause()`);
    await eventually(async () => {
      const [row] = (await replica(`SELECT pg_get_wal_replay_pause_state() AS state`)) as Array<{
        state: string;
      }>;
      return row.state === 'paused';
    });
  }

  const resumeReplay = () => replica(`SELECT pg_wal_replay_resume()`);

  beforeAll(async () => {
    t = await createTestApp();
    read = t.app.get(ReadDatabase);
  });
  afterAll(async () => {
    if (read) await resumeReplay().catch(() => undefined);
    await t?.close();
  });
  afterEach(() => resumeReplay());

  const eventPage = (eventId: string) =>
    t
      .http()
      .get(api(`/events/${eventId}`))
      .expect(200);

  it('reads the catalogue from a server in recovery, a different one from the primary', async () => {
    expect(read.isReplica).toBe(true);
    expect(await replica(`SELECT pg_is_in_recovery() AS r`)).toEqual([{ r: true }]);
    expect(await t.dataSource.query(`SELECT pg_is_in_recovery() AS r`)).toEqual([{ r: false }]);
  });

  it("serves the event page and list from the replica: a paused replica still shows an edit's old title", async () => {
    const sale = await createOnSaleEvent(t, { event: { title: 'Replica Night' } });
    await pauseReplay();
    await t
      .http()
      .patch(api(`/events/${sale.eventId}`))
      .set(authHeader(sale.token))
      .send({ title: 'Primary Night' })
      .expect(200);
    // The edit dropped the cached page; the page is read again, from the replica, which has not replayed it.
    expect((await eventPage(sale.eventId)).body.title).toBe('Replica Night');
    const list = await t
      .http()
      .get(api(`/events?promoterId=${sale.promoter.id}`))
      .expect(200);
    expect(list.body.items.map((e: { title: string }) => e.title)).toEqual(['Replica Night']);
    // The owner's own view is read from the primary: they see their write at once.
    const own = await t
      .http()
      .get(api(`/events/${sale.eventId}`))
      .set(authHeader(sale.token))
      .expect(200);
    expect(own.body.title).toBe('Primary Night');

    await resumeReplay();
    await eventually(async () => (await eventPage(sale.eventId)).body.title === 'Primary Night');
  });

  describe('replica lag never oversells', () => {
    let sale: OnSaleEvent;
    let tierId: string;

    beforeAll(async () => {
      sale = await createOnSaleEvent(t, { tiers: [{ name: 'Floor', capacity: 2, price: 3000 }] });
      [tierId] = sale.tierIds;
    });

    it('refuses POST /orders (INSUFFICIENT_INVENTORY, none available) while the stale catalogue still shows units', async () => {
      await pauseReplay();
      const first = await registerUser(t);
      const paid = await buyOrder(t, first, sale.eventId, [{ tierId, quantity: 2 }]);
      expect(paid.status).toBe('paid');

      // Past the page's one-second cache: read again from the paused replica, it still offers both units.
      await new Promise((r) => setTimeout(r, 1100));
      const stale = await eventPage(sale.eventId);
      expect(stale.body.tiers[0]).toMatchObject({ id: tierId, available: 2 });
      const report = await t
        .http()
        .get(api(`/events/${sale.eventId}/reports/sales`))
        .set(authHeader(sale.token))
        .expect(200);
      expect(report.body.byTier[0]).toMatchObject({ tierId, sold: 0 });

      // The buyer who trusts the page is refused: the hold decides on the primary.
      const late = await registerUser(t);
      const refused = await postOrder(t, late, sale.eventId, [{ tierId, quantity: 1 }]).expect(409);
      expect(refused.body).toMatchObject({ code: 'INSUFFICIENT_INVENTORY', details: { available: 0 } });
      expect(await tierCounts(t, tierId)).toMatchObject({ capacity: 2, sold: 2, held: 0 });

      await resumeReplay();
      await eventually(async () => (await eventPage(sale.eventId)).body.tiers[0].available === 0);
    });

    it('sells exactly the capacity to concurrent buyers while the replica is paused', async () => {
      const other = await createOnSaleEvent(t, { tiers: [{ capacity: 3, price: 1000 }] });
      const [otherTier] = other.tierIds;
      await pauseReplay();
      const buyers = await Promise.all(Array.from({ length: 6 }, () => registerUser(t)));
      const answers = await Promise.all(
        buyers.map((b) => postOrder(t, b, other.eventId, [{ tierId: otherTier, quantity: 1 }])),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 201, 409, 409, 409]);
      expect(answers.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([
        'INSUFFICIENT_INVENTORY',
        'INSUFFICIENT_INVENTORY',
        'INSUFFICIENT_INVENTORY',
      ]);
      expect(await tierCounts(t, otherTier)).toMatchObject({ capacity: 3, held: 3, sold: 0 });
    });
  });
});
