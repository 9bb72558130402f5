import type { DataSource } from 'typeorm';
import type { ApiTarget } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { authHeader, registerUser, TestUser } from './factories/users';
import { AppProcess, openDatabase, RedisServer, remoteTarget } from './support/processes';

const BUYERS = 40;
const CAPACITY = 60;
const QUANTITY = 2;
const KILL_EVERY_MS = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers a retry should follow: the outcome is not known yet. */
const RETRYABLE = new Set(['DATABASE_UNAVAILABLE', 'INVENTORY_BUSY', 'IDEMPOTENCY_KEY_IN_FLIGHT']);

interface Outcome {
  status: number;
  code?: string;
  orderId?: string;
}

/**
 * Issue 10, item 3, on a real API process: a burst of `POST /orders` while a killer terminates the app's
 * Postgres backends (`pg_terminate_backend`) every 250 ms. Each buyer retries with the same Idempotency-Key
 * until it gets a final answer, then confirms the same way. Counts: no 500; every order the API confirmed
 * exists exactly once and no other does; no ticket twice; the tier's counters match the orders.
 */
describe('Postgres connections terminated during a burst of orders', () => {
  let redis: RedisServer;
  let db: DataSource;
  let api: AppProcess;
  let target: ApiTarget;
  let sale: OnSaleEvent;
  let buyers: TestUser[];
  const statuses = new Map<string, number>();

  const count = (status: number, code?: string) => {
    const key = `${status}${code ? ` ${code}` : ''}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  };

  /** Sends until the answer is final; every answer is counted. */
  async function untilFinal(send: () => Promise<{ status: number; body: unknown }>): Promise<Outcome> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const res = await send().catch(() => ({ status: 0, body: {} }));
      const body = res.body as { code?: string; id?: string };
      count(res.status, body.code);
      if (res.status === 0 || (body.code && RETRYABLE.has(body.code))) {
        await sleep(50 + Math.random() * 100);
        continue;
      }
      return { status: res.status, code: body.code, orderId: body.id };
    }
    throw new Error('no final answer after 200 attempts');
  }

  beforeAll(async () => {
    redis = await RedisServer.start();
    db = await openDatabase();
    api = await AppProcess.start({ role: 'api', env: { REDIS_URL: redis.url, DATABASE_POOL_SIZE: '10' } });
    target = remoteTarget(api.baseUrl!, db);
    sale = await createOnSaleEvent(target, { tiers: [{ capacity: CAPACITY, maxPerOrder: QUANTITY }] });
    buyers = [];
    for (let i = 0; i < BUYERS; i += 10) {
      buyers.push(...(await Promise.all(Array.from({ length: 10 }, () => registerUser(target)))));
    }
  }, 120_000);

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await redis?.stop();
    await db?.destroy();
  });

  it('loses no order, duplicates no ticket, answers no 500, and the pool recovers', async () => {
    let killing = true;
    let terminated = 0;
    const killer = (async () => {
      while (killing) {
        const rows = (await db.query(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'ticket-vendor-api' AND pid <> pg_backend_pid()`,
        )) as Array<{ done: boolean }>;
        terminated += rows.filter((r) => r.done).length;
        await sleep(KILL_EVERY_MS);
      }
    })();

    const outcomes = await Promise.all(
      buyers.map(async (buyer, i) => {
        const placed = await untilFinal(() =>
          target
            .http()
            .post('/api/v1/orders')
            .set(authHeader(buyer.accessToken))
            .set('Idempotency-Key', `burst-${i}`)
            .send({ eventId: sale.eventId, items: [{ tierId: sale.tierIds[0], quantity: QUANTITY }] }),
        );
        if (placed.status !== 201) return { buyer, placed };
        const confirmed = await untilFinal(() =>
          target.http().post(`/api/v1/orders/${placed.orderId}/confirm`).set(authHeader(buyer.accessToken)),
        );
        return { buyer, placed, confirmed };
      }),
    ).finally(() => (killing = false));
    await killer;
    console.log(
      `${BUYERS} buyers, ${terminated} backends terminated; answers: ${[...statuses]
        .map(([k, n]) => `${k} × ${n}`)
        .join(', ')}`,
    );

    // The faults reached the requests, and never as a 500.
    expect(terminated).toBeGreaterThan(0);
    expect(statuses.get('503 DATABASE_UNAVAILABLE') ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((k) => k.startsWith('5') && !k.startsWith('503 '))).toEqual([]);
    expect(statuses.get('0') ?? 0).toBe(0);

    // Final answers: a hold, or sold out once the tier ran out; every hold was paid.
    const held = outcomes.filter((o) => o.placed.status === 201);
    for (const o of outcomes.filter((x) => x.placed.status !== 201)) {
      expect(o.placed).toMatchObject({ status: 409, code: 'INSUFFICIENT_INVENTORY' });
    }
    expect(held).toHaveLength(CAPACITY / QUANTITY);
    for (const o of held) expect(o.confirmed?.status).toBe(200);

    // The database agrees: exactly the confirmed orders, once each, paid, with their tickets once each.
    const rows = (await db.query(
      `SELECT o.id, o.buyer_id, o.status, (SELECT count(*)::int FROM tickets t WHERE t.order_id = o.id) AS tickets
         FROM orders o WHERE o.event_id = $1`,
      [sale.eventId],
    )) as Array<{ id: string; buyer_id: string; status: string; tickets: number }>;
    expect(rows.map((r) => r.id).sort()).toEqual(held.map((o) => o.placed.orderId).sort());
    expect(new Set(rows.map((r) => r.buyer_id)).size).toBe(rows.length);
    for (const r of rows) expect(r).toMatchObject({ status: 'paid', tickets: QUANTITY });
    const [tier] = (await db.query(`SELECT sold, held, capacity FROM ticket_tiers WHERE id = $1`, [
      sale.tierIds[0],
    ])) as Array<{ sold: number; held: number; capacity: number }>;
    expect(tier).toEqual({ sold: CAPACITY, held: 0, capacity: CAPACITY });

    // The pool healed itself: a round of reads all succeed.
    const after = await Promise.all(
      buyers.slice(0, 10).map((b) => target.http().get('/api/v1/orders').set(authHeader(b.accessToken))),
    );
    expect(after.map((r) => r.status)).toEqual(Array<number>(10).fill(200));
  }, 120_000);
});
