/**
 * `npm run bench:reports`: the three read-heavy endpoints at volume, over HTTP, against a database filled by
 * `npm run seed:volume` (DATABASE_URL; its size is whatever was seeded).
 *
 * Starts the built app (`--role=api`, production mode) on that database, signs in as the seeded admin and as the
 * owner of the event with the most orders (the "flagship"), then times, one request at a time after a warm-up:
 * - `GET /events/{flagship}/reports/sales` as its owner;
 * - `GET /admin/reports/overview` as the admin;
 * - `GET /orders?eventId={flagship}` with `Accept: text/csv` as the owner, to the first byte of the body;
 * and once, the whole CSV of the flagship (time and size). Prints the median and p95 of each, and one JSON line.
 * A CSV sample is cut at its first byte and followed by a pause (REPORTS_CSV_SETTLE_MS, 1000), because the server
 * still finishes the page of orders it was reading, which would otherwise slow the next sample.
 * The app runs no worker, so nothing refreshes the report snapshots during the run.
 *
 * Knobs: REPORTS_SAMPLES (30), REPORTS_WARMUP (3), REPORTS_CSV_SETTLE_MS (1000), DATABASE_URL, DATABASE_READ_URL (passed on), REDIS_URL.
 */
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { productionSecrets, startApp } from './support/app-process';
import { SEED_ADMIN_EMAIL, SEED_PASSWORD } from './seed-volume';

const env = process.env;
const SAMPLES = Number(env.REPORTS_SAMPLES ?? 30);
const WARMUP = Number(env.REPORTS_WARMUP ?? 3);
const DATABASE_URL = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ticket_vendor';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const CSV_SETTLE_MS = Number(env.REPORTS_CSV_SETTLE_MS ?? 1000);

interface Timing {
  /** Milliseconds to the response headers and the first body byte. */
  firstByteMs: number;
  /** Milliseconds to the end of the body, or NaN when it was cut at the first byte. */
  totalMs: number;
  bytes: number;
  status: number;
}

/** One GET; with `firstByteOnly` the connection is dropped once the first body byte arrives. */
function get(url: string, headers: Record<string, string>, firstByteOnly: boolean): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
    const req = request(url, { headers, agent: false }, (res) => {
      let firstByteMs = NaN;
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        if (Number.isNaN(firstByteMs)) {
          firstByteMs = ms();
          if (firstByteOnly) {
            resolve({ firstByteMs, totalMs: NaN, bytes: chunk.length, status: res.statusCode ?? 0 });
            req.destroy();
            return;
          }
        }
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ firstByteMs, totalMs: ms(), bytes, status: res.statusCode ?? 0 }));
      res.on('error', () => undefined);
    });
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
    req.end();
  });
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function measure(
  name: string,
  run: () => Promise<Timing>,
  pick: (t: Timing) => number,
): Promise<{ name: string; medianMs: number; p95Ms: number; maxMs: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = await run();
    if (t.status !== 200) throw new Error(`${name}: HTTP ${t.status}`);
    times.push(pick(t));
  }
  times.sort((a, b) => a - b);
  const result = {
    name,
    medianMs: Math.round(quantile(times, 0.5) * 10) / 10,
    p95Ms: Math.round(quantile(times, 0.95) * 10) / 10,
    maxMs: Math.round(times[times.length - 1] * 10) / 10,
  };
  console.log(
    `${name.padEnd(34)} median ${result.medianMs} ms   p95 ${result.p95Ms} ms   max ${result.maxMs} ms`,
  );
  return result;
}

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: SEED_PASSWORD }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (!res.ok || !body.accessToken) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

async function main(): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const [volume] = (
    await db.query(
      `SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM tickets)::int AS tickets`,
    )
  ).rows as Array<{ orders: number; tickets: number }>;
  if (volume.orders === 0) throw new Error(`${DATABASE_URL} has no orders: run npm run seed:volume first`);
  const [flagship] = (
    await db.query(
      `SELECT o.event_id, count(*)::int AS orders, u.email AS owner
         FROM orders o JOIN events e ON e.id = o.event_id JOIN promoters p ON p.id = e.promoter_id
         JOIN users u ON u.id = p.owner_user_id
        GROUP BY o.event_id, u.email ORDER BY count(*) DESC LIMIT 1`,
    )
  ).rows as Array<{ event_id: string; orders: number; owner: string }>;
  await db.end();
  console.log(
    `${volume.orders} orders, ${volume.tickets} tickets; flagship event ${flagship.event_id} with ` +
      `${flagship.orders} orders; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on this machine`,
  );

  const app = await startApp({
    NODE_ENV: 'production',
    ALLOW_TEST_PAYMENTS: 'true',
    ...productionSecrets(),
    DATABASE_URL,
    ...(env.DATABASE_READ_URL ? { DATABASE_READ_URL: env.DATABASE_READ_URL } : {}),
    REDIS_URL,
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000000',
    LOG_LEVEL: env.REPORTS_LOG_LEVEL ?? 'warn',
  });
  try {
    const owner = { Authorization: `Bearer ${await login(app.baseUrl, flagship.owner)}` };
    const admin = { Authorization: `Bearer ${await login(app.baseUrl, SEED_ADMIN_EMAIL)}` };
    const api = (path: string) => `${app.baseUrl}/api/v1${path}`;
    const results = [
      await measure(
        'event sales report',
        () => get(api(`/events/${flagship.event_id}/reports/sales`), owner, false),
        (t) => t.totalMs,
      ),
      await measure(
        'admin overview',
        () => get(api('/admin/reports/overview'), admin, false),
        (t) => t.totalMs,
      ),
      await measure(
        'orders CSV (first byte)',
        async () => {
          const t = await get(
            api(`/orders?eventId=${flagship.event_id}`),
            { ...owner, Accept: 'text/csv' },
            true,
          );
          // The cut-off export still finishes the page it was reading: let it, so samples stay independent.
          await new Promise((r) => setTimeout(r, CSV_SETTLE_MS));
          return t;
        },
        (t) => t.firstByteMs,
      ),
    ];
    const whole = await get(
      api(`/orders?eventId=${flagship.event_id}`),
      { ...owner, Accept: 'text/csv' },
      false,
    );
    const csvRows = flagship.orders;
    console.log(
      `orders CSV (whole flagship)        ${Math.round(whole.totalMs)} ms for ${csvRows} orders, ` +
        `${(whole.bytes / 1e6).toFixed(1)} MB`,
    );
    console.log(
      JSON.stringify({
        orders: volume.orders,
        tickets: volume.tickets,
        flagshipOrders: flagship.orders,
        samples: SAMPLES,
        results,
        wholeCsv: { ms: Math.round(whole.totalMs), bytes: whole.bytes },
        loadavg: loadavg(),
      }),
    );
  } finally {
    await app.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
