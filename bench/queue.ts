/**
 * `npm run bench:queue`: a virtual waiting room with 20,000 buyers against the built app in production mode.
 *
 * Starts `dist/src/main.js` (API and worker in one process, QUEUE_TICK_SECONDS=1) on a fresh database, seeds
 * QUEUE_BUYERS buyers (access tokens signed with the run's JWT secret: 20,000 argon2 sign-ins would take longer
 * than the bench) and one event whose waiting room is open and whose sale starts once every buyer has joined
 * through the API (so all are drawn at random; about a tenth opt in to the waitlist). Once the sale starts, a simulated shop follows the admissions: each admitted buyer reads their token and orders one
 * ticket (one in ten never does, so tokens lapse and their slots pass on; one in twenty tries the token twice),
 * while readers poll `GET /events/{id}/queue/me` throughout. It ends at the sell-out. Reported:
 * - admission-rate accuracy: admissions per second while the cap (not the inventory) governed, against
 *   admitPerMinute / 60, and the most admissions in any 60 seconds (must not exceed admitPerMinute);
 * - p50/p95/p99 of position reads;
 * - no one admitted twice (one entry per buyer; no token placed two holds; every second try refused);
 * - order preserved: along the rank order, admission times never go back, and nobody left waiting or sold out
 *   ranks before an admitted buyer;
 * - the inventory invariant (sold + held <= capacity, held = pending units).
 * Knobs: QUEUE_BUYERS (20000), QUEUE_CAPACITY (1500), QUEUE_ADMIT_PER_MINUTE (1200), QUEUE_TOKEN_TTL_SECONDS
 * (30), QUEUE_JOIN_CONCURRENCY (32), DATABASE_URL, REDIS_URL.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { createDatabase, dropDatabase, productionSecrets, ROOT, startApp } from './support/app-process';

const env = process.env;
const BUYERS = Number(env.QUEUE_BUYERS ?? 20000);
const CAPACITY = Number(env.QUEUE_CAPACITY ?? 1500);
const ADMIT_PER_MINUTE = Number(env.QUEUE_ADMIT_PER_MINUTE ?? 1200);
const JOIN_CONCURRENCY = Number(env.QUEUE_JOIN_CONCURRENCY ?? 32);
const TOKEN_TTL_SECONDS = Number(env.QUEUE_TOKEN_TTL_SECONDS ?? 30);
const BASE_DB = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ticket_vendor';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** Runs `work` over `items` with at most `limit` at a time. */
async function pooled<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;
const round = (x: number) => Math.round(x * 100) / 100;

interface Buyer {
  id: string;
  token: string;
}

async function seed(
  db: Client,
  jwtSecret: string,
): Promise<{ eventId: string; tierId: string; buyers: Buyer[] }> {
  const tag = randomBytes(4).toString('hex');
  const { rows } = await db.query(
    `INSERT INTO users (email, password_hash, name, role)
     SELECT 'queue-' || $1 || '-' || g || '@example.com', 'not-a-hash', 'Queue Buyer ' || g, 'customer'
       FROM generate_series(1, $2::int) g
     RETURNING id, email`,
    [tag, BUYERS],
  );
  const buyers = (rows as Array<{ id: string; email: string }>).map((u) => ({
    id: u.id,
    token: jwt.sign({ sub: u.id, role: 'customer', email: u.email, jti: randomUUID() }, jwtSecret, {
      algorithm: 'HS256',
      expiresIn: 3600,
      issuer: 'ticket-vendor-api',
      audience: 'ticket-vendor-api',
    }),
  }));
  const promoterId = randomUUID();
  const eventId = randomUUID();
  const tierId = randomUUID();
  await db.query(
    `INSERT INTO promoters (id, name, slug, contact_email, owner_user_id, status)
     VALUES ($1, 'Queue Promoter', $2, 'queue@example.com', $3, 'approved')`,
    [promoterId, `queue-${tag}`, buyers[0].id],
  );
  await db.query(
    `INSERT INTO events (id, promoter_id, title, slug, category, venue_name, venue_address, venue_city,
                         venue_country, timezone, starts_at, ends_at, sales_start_at, currency, status, published_at,
                         queue_enabled, queue_opens_at, queue_admit_per_minute, queue_token_ttl_seconds)
     VALUES ($1, $2, 'Queue Night', $3, 'music', 'Bench Arena', '1 Bench Road', 'Berlin', 'DE', 'Europe/Berlin',
             now() + interval '30 days', now() + interval '30 days 4 hours', now() + interval '1 day',
             'EUR', 'published', now(), true, now() - interval '1 minute', $4, $5)`,
    [eventId, promoterId, `queue-${tag}`, ADMIT_PER_MINUTE, TOKEN_TTL_SECONDS],
  );
  await db.query(
    `INSERT INTO ticket_tiers (id, event_id, name, price, capacity, min_per_order, max_per_order)
     VALUES ($1, $2, 'General', 4500, $3, 1, 4)`,
    [tierId, eventId, CAPACITY],
  );
  return { eventId, tierId, buyers };
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  queueToken?: string,
) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(queueToken ? { 'X-Queue-Token': queueToken } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('Build first: npm run build');
  const database = await createDatabase(BASE_DB);
  const secrets = productionSecrets();
  const app = await startApp(
    {
      NODE_ENV: 'production',
      ALLOW_TEST_PAYMENTS: 'true',
      ...secrets,
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_TICK_SECONDS: '1',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000000',
      RATE_LIMIT_CHECKOUT_PER_MINUTE: '100000000',
      LOG_LEVEL: env.QUEUE_LOG_LEVEL ?? 'warn',
    },
    'all',
  );
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const errors: Record<string, number> = {};
  const count = (key: string) => (errors[key] = (errors[key] ?? 0) + 1);
  try {
    const { eventId, tierId, buyers } = await seed(db, secrets.JWT_SECRET);
    const byId = new Map(buyers.map((b) => [b.id, b]));
    console.log(
      `${cpus().length} cores, ${BUYERS} buyers, capacity ${CAPACITY}, admitPerMinute ${ADMIT_PER_MINUTE}`,
    );

    const joinStart = Date.now();
    await pooled(buyers, JOIN_CONCURRENCY, async (b) => {
      const optIn = b.id.endsWith('0') || b.id.endsWith('8');
      const res = await call(
        app.baseUrl,
        'POST',
        `/events/${eventId}/queue`,
        b.token,
        optIn ? { waitlist: true } : {},
      );
      if (res.status !== 201) count(`join ${res.status} ${String(res.body.code)}`);
    });
    const joinSeconds = (Date.now() - joinStart) / 1000;
    console.log(`${BUYERS} joined in ${joinSeconds.toFixed(1)} s; the sale starts now`);
    // The scheduled start, brought forward to now: every buyer arrived before it, so all were drawn at random.
    await db.query(`UPDATE events SET sales_start_at = now() WHERE id = $1`, [eventId]);

    // Readers: position reads all along, until the sell-out.
    const latencies: number[] = [];
    let done = false;
    const readers = Array.from({ length: 8 }, async () => {
      while (!done) {
        const b = buyers[Math.floor(Math.random() * buyers.length)];
        const t0 = performance.now();
        const res = await call(app.baseUrl, 'GET', `/events/${eventId}/queue/me`, b.token);
        latencies.push(performance.now() - t0);
        if (res.status !== 200) count(`read ${res.status}`);
      }
    });

    // The shop: admitted buyers order (9 in 10), some try their token twice.
    const handled = new Set<string>();
    let secondTries = 0;
    let secondRefused = 0;
    for (;;) {
      const { rows } = await db.query(
        `SELECT id, user_id FROM queue_entries WHERE event_id = $1 AND status = 'admitted'`,
        [eventId],
      );
      const fresh = (rows as Array<{ id: string; user_id: string }>).filter((r) => !handled.has(r.id));
      for (const r of fresh) handled.add(r.id);
      await pooled(fresh, 16, async (r) => {
        if (r.id.endsWith('f')) return; // walks away: the token lapses
        const buyer = byId.get(r.user_id)!;
        const me = await call(app.baseUrl, 'GET', `/events/${eventId}/queue/me`, buyer.token);
        const token = me.body.admissionToken as string | null;
        if (!token) {
          count(`no token (${String(me.body.status)})`);
          return;
        }
        const items = [{ tierId, quantity: 1 }];
        const res = await call(app.baseUrl, 'POST', '/orders', buyer.token, { eventId, items }, token);
        if (res.status !== 201) count(`order ${res.status} ${String(res.body.code)}`);
        if (res.status === 201 && r.id.endsWith('e')) {
          secondTries++;
          const again = await call(app.baseUrl, 'POST', '/orders', buyer.token, { eventId, items }, token);
          if (again.status === 409 && again.body.code === 'QUEUE_ADMISSION_USED') secondRefused++;
        }
      });
      const [{ waiting }] = (
        await db.query(
          `SELECT count(*) FILTER (WHERE status IN ('waiting', 'admitted'))::int AS waiting FROM queue_entries
            WHERE event_id = $1`,
          [eventId],
        )
      ).rows as Array<{ waiting: number }>;
      const [{ available }] = (
        await db.query(`SELECT capacity - sold - held AS available FROM ticket_tiers WHERE id = $1`, [tierId])
      ).rows as Array<{ available: number }>;
      if (waiting === 0 || (available === 0 && fresh.length === 0)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // Let the tick record the sell-out.
    for (let i = 0; i < 20; i++) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM queue_entries WHERE event_id = $1 AND status = 'waiting'`,
        [eventId],
      );
      if ((rows[0] as { n: number }).n === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    done = true;
    await Promise.all(readers);

    const figures = await measure(db, eventId, tierId);
    latencies.sort((a, b) => a - b);
    const result = {
      cores: cpus().length,
      buyers: BUYERS,
      capacity: CAPACITY,
      admitPerMinute: ADMIT_PER_MINUTE,
      joinsPerSecond: Math.round(BUYERS / joinSeconds),
      positionReads: latencies.length,
      positionReadMs: {
        p50: round(pct(latencies, 50)),
        p95: round(pct(latencies, 95)),
        p99: round(pct(latencies, 99)),
      },
      ...figures,
      secondTries,
      secondTriesRefused: secondRefused,
      errors,
      loadAverage: loadavg().map(round),
      peakRssMb: app.peakRssMb(),
    };
    console.log(JSON.stringify(result, null, 2));
    const ok =
      figures.maxIn60s <= ADMIT_PER_MINUTE &&
      figures.noDoubleAdmission &&
      figures.orderPreserved &&
      figures.invariantOk &&
      secondRefused === secondTries;
    console.log(ok ? 'all checks passed' : 'CHECK FAILED');
    if (!ok) process.exitCode = 1;
  } finally {
    await db.end();
    await app.stop();
    if (!env.QUEUE_KEEP_DB) await dropDatabase(BASE_DB, database.name);
  }
}

async function measure(db: Client, eventId: string, tierId: string) {
  const { rows: entries } = await db.query(
    `SELECT id, user_id, rank, status, admitted_at FROM queue_entries WHERE event_id = $1 ORDER BY rank, id`,
    [eventId],
  );
  const list = entries as Array<{ id: string; status: string; admitted_at: Date | null }>;
  const times = list.filter((e) => e.admitted_at).map((e) => e.admitted_at!.getTime());
  // Order: admission times never go back along the rank order, and no never-admitted entry ranks before an admitted one.
  let orderPreserved = true;
  let last = 0;
  let seenNeverAdmitted = false;
  for (const e of list) {
    if (!e.admitted_at) {
      seenNeverAdmitted = true;
      continue;
    }
    if (seenNeverAdmitted || e.admitted_at.getTime() < last) orderPreserved = false;
    last = e.admitted_at.getTime();
  }
  const sorted = [...times].sort((a, b) => a - b);
  let maxIn60s = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 60_000) j++;
    maxIn60s = Math.max(maxIn60s, i - j + 1);
  }
  // The rate while the cap governed: admissions per tick-second, over the ticks that admitted a full share.
  const perSecond = new Map<number, number>();
  for (const t of sorted) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  const share = Math.ceil(ADMIT_PER_MINUTE / 60);
  const firstSecond = sorted.length ? Math.floor(sorted[0] / 1000) : 0;
  const fullUntil = [...perSecond]
    .filter(([, n]) => n >= share)
    .reduce((m, [s]) => Math.max(m, s), firstSecond);
  const cappedAdmissions = sorted.filter((t) => Math.floor(t / 1000) <= fullUntil).length;
  const cappedSeconds = fullUntil - firstSecond + 1;
  const ratePerSecond = cappedAdmissions / cappedSeconds;
  const { rows: dup } = await db.query(
    `SELECT (SELECT count(*) FROM (SELECT user_id FROM queue_entries WHERE event_id = $1 GROUP BY user_id HAVING count(*) > 1) d)::int AS dup_entries,
            (SELECT count(*) FROM (SELECT buyer_id FROM orders WHERE event_id = $1 GROUP BY buyer_id HAVING count(*) > 1) d)::int AS dup_orders,
            (SELECT count(*) FROM orders WHERE event_id = $1)::int AS orders,
            (SELECT count(*) FROM queue_entries WHERE event_id = $1 AND status = 'used')::int AS used`,
    [eventId],
  );
  const d = dup[0] as { dup_entries: number; dup_orders: number; orders: number; used: number };
  const { rows: inv } = await db.query(
    `SELECT t.capacity, t.sold, t.held,
            (SELECT coalesce(sum(i.quantity), 0)::int FROM order_items i JOIN orders o ON o.id = i.order_id
              WHERE i.tier_id = t.id AND o.status = 'pending') AS pending_units
       FROM ticket_tiers t WHERE t.id = $1`,
    [tierId],
  );
  const i = inv[0] as { capacity: number; sold: number; held: number; pending_units: number };
  const { rows: st } = await db.query(
    `SELECT status, count(*)::int AS n FROM queue_entries WHERE event_id = $1 GROUP BY status ORDER BY status`,
    [eventId],
  );
  const { rows: wl } = await db.query(`SELECT count(*)::int AS n FROM waitlist_entries WHERE event_id = $1`, [
    eventId,
  ]);
  return {
    statuses: Object.fromEntries((st as Array<{ status: string; n: number }>).map((r) => [r.status, r.n])),
    waitlistJoined: (wl[0] as { n: number }).n,
    admitted: sorted.length,
    cappedPhaseSeconds: cappedSeconds,
    admissionsPerSecond: round(ratePerSecond),
    targetPerSecond: round(ADMIT_PER_MINUTE / 60),
    rateAccuracy: round(ratePerSecond / (ADMIT_PER_MINUTE / 60)),
    maxIn60s,
    noDoubleAdmission: d.dup_entries === 0 && d.dup_orders === 0 && d.orders === d.used,
    orders: d.orders,
    orderPreserved,
    inventory: i,
    invariantOk: i.sold + i.held <= i.capacity && i.held === i.pending_units,
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
