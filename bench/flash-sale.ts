/**
 * `npm run bench:flash-sale`: a flash sale against the built app in production mode.
 *
 * Starts `dist/src/main.js --role=api` as a child process on a fresh database of its own (NODE_ENV=production,
 * the `test` payment provider allowed by ALLOW_TEST_PAYMENTS, generated secrets, rate limits raised), seeds one
 * published event, signs buyers in, then for each concurrency drives `POST /orders` with autocannon on a fresh
 * hot tier until it is sold out. After each run it checks the inventory invariant in the database, and measures
 * the database's own ceiling for the same hold with pgbench. Prints holds/s, latency percentiles, errors by code,
 * the API/pgbench ratio, and one final JSON line with every figure (medians over FLASH_RUNS runs).
 *
 * Knobs: FLASH_CAPACITY (units per tier, 3000), FLASH_CONCURRENCY ("50,200"), FLASH_RUNS (3),
 * FLASH_POOL_SIZE (the app's DATABASE_POOL_SIZE, 20), FLASH_PGBENCH_SECONDS (10), DATABASE_URL, REDIS_URL.
 * `--code` (or FLASH_CODE=1): every order carries a discount code of the hot tier (10% off, unlimited uses),
 * so each hold also locks the code's row and moves its uses; the invariant then checks the code's `held` too.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDatabase, dropDatabase, productionSecrets, ROOT, startApp } from './support/app-process';
import { drive, DriveResult } from './support/drive';
import { havePgbench, pgbenchClients, PgbenchResult, runPgbench } from './support/pgbench';
import { createBuyers, createCode, createEvent, createTier } from './support/seed';

const env = process.env;
const CAPACITY = Number(env.FLASH_CAPACITY ?? 3000);
const CONCURRENCY = (env.FLASH_CONCURRENCY ?? '50,200').split(',').map(Number);
const RUNS = Number(env.FLASH_RUNS ?? 3);
const POOL_SIZE = env.FLASH_POOL_SIZE ?? '20';
const PGBENCH_SECONDS = Number(env.FLASH_PGBENCH_SECONDS ?? 10);
const WITH_CODE = process.argv.includes('--code') || env.FLASH_CODE === '1';
const MAX_PER_BUYER = 4;
const BASE_DB = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ticket_vendor';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';

interface Invariant {
  capacity: number;
  sold: number;
  held: number;
  pendingUnits: number;
  /** With `--code`: the code's `held`, which must equal the accepted holds (one use per order). */
  codeHeld: number | null;
  ok: boolean;
}

interface RunResult {
  run: number;
  concurrency: number;
  api: DriveResult;
  /** The app's own CPU per request and per accepted hold: robust on a machine others share. */
  appCpuMsPerRequest: number;
  appCpuMsPerHold: number;
  invariant: Invariant;
  pgbench: PgbenchResult | null;
  ratio: number | null;
}

/**
 * sold + held <= capacity, the units of the pending orders are exactly `held` (nothing is sold here), and with a
 * code, its `held` uses are exactly the accepted orders.
 */
async function checkInvariant(
  db: Client,
  tierId: string,
  accepted: number,
  code: string | null,
): Promise<Invariant> {
  const { rows } = await db.query(
    `SELECT t.capacity, t.sold, t.held,
            (SELECT coalesce(sum(i.quantity), 0)::int FROM order_items i JOIN orders o ON o.id = i.order_id
              WHERE i.tier_id = t.id AND o.status = 'pending') AS pending_units
       FROM ticket_tiers t WHERE t.id = $1`,
    [tierId],
  );
  const r = rows[0] as { capacity: number; sold: number; held: number; pending_units: number };
  const codeHeld = code
    ? ((await db.query(`SELECT held FROM promo_codes WHERE code = $1`, [code])).rows[0] as { held: number })
        .held
    : null;
  const ok =
    r.sold + r.held <= r.capacity &&
    r.held === r.pending_units &&
    r.sold === 0 &&
    r.held === accepted &&
    (codeHeld === null || codeHeld === accepted);
  return { capacity: r.capacity, sold: r.sold, held: r.held, pendingUnits: r.pending_units, codeHeld, ok };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

function summarise(results: RunResult[]) {
  return CONCURRENCY.map((c) => {
    const rs = results.filter((r) => r.concurrency === c);
    const m = (f: (r: RunResult) => number | null | undefined) => median(rs.map((r) => f(r) ?? NaN));
    return {
      concurrency: c,
      runs: rs.length,
      holdsPerSecond: m((r) => r.api.holdsPerSecond),
      p50Ms: m((r) => r.api.latencyMs.p50),
      p95Ms: m((r) => r.api.latencyMs.p95),
      p99Ms: m((r) => r.api.latencyMs.p99),
      acceptedP99Ms: m((r) => r.api.acceptedLatencyMs.p99),
      appCpuMsPerRequest: m((r) => r.appCpuMsPerRequest),
      appCpuMsPerHold: m((r) => r.appCpuMsPerHold),
      pgbenchClients: rs[0]?.pgbench?.clients ?? null,
      pgbenchTps: m((r) => r.pgbench?.tps),
      ratio: m((r) => r.ratio),
      serverErrors: rs.reduce((n, r) => n + r.api.serverErrors, 0),
      invariantOk: rs.every((r) => r.invariant.ok),
    };
  });
}

function report(r: RunResult): void {
  const a = r.api;
  console.log(
    `run ${r.run} c=${r.concurrency}: ${a.accepted}/${a.requests} accepted, ${a.holdsPerSecond} holds/s ` +
      `(sold out in ${a.secondsToSellOut}s), latency p50/p95/p99 ${a.latencyMs.p50}/${a.latencyMs.p95}/` +
      `${a.latencyMs.p99} ms, app CPU ${r.appCpuMsPerRequest} ms/request, errors ${JSON.stringify(a.errorsByCode)}, invariant ${r.invariant.ok ? 'ok' : 'BROKEN'} ` +
      `(sold ${r.invariant.sold} + held ${r.invariant.held} <= ${r.invariant.capacity}), pgbench ` +
      `${r.pgbench ? `${r.pgbench.tps} tps with ${r.pgbench.clients} clients, ratio ${r.ratio}` : 'n/a'}`,
  );
}

async function oneRun(
  db: Client,
  dbUrl: string,
  ctx: { baseUrl: string; eventId: string; buyerId: string; tokens: string[]; cpuSeconds: () => number },
  run: number,
  concurrency: number,
): Promise<RunResult> {
  const tierId = await createTier(db, ctx.eventId, CAPACITY, MAX_PER_BUYER);
  const code = WITH_CODE ? await createCode(db, ctx.eventId, tierId) : null;
  const cpuBefore = ctx.cpuSeconds();
  const api = await drive({
    ...ctx,
    tierId,
    concurrency,
    amount: CAPACITY + Math.max(500, concurrency * 5),
    code: code ?? undefined,
  });
  const cpuMs = (ctx.cpuSeconds() - cpuBefore) * 1000;
  const appCpuMsPerRequest = Math.round((cpuMs / api.requests) * 100) / 100;
  const appCpuMsPerHold = Math.round((cpuMs / Math.max(1, api.accepted)) * 100) / 100;
  const invariant = await checkInvariant(db, tierId, api.accepted, code);
  let pgbench: PgbenchResult | null = null;
  if (havePgbench()) {
    const pgTier = await createTier(db, ctx.eventId, 1_000_000_000, 100);
    const clients = await pgbenchClients(db, concurrency);
    pgbench = runPgbench(
      dbUrl,
      { tierId: pgTier, eventId: ctx.eventId, buyerId: ctx.buyerId },
      clients,
      PGBENCH_SECONDS,
    );
  }
  const ratio = pgbench ? Math.round((api.holdsPerSecond / pgbench.tps) * 1000) / 1000 : null;
  return { run, concurrency, api, appCpuMsPerRequest, appCpuMsPerHold, invariant, pgbench, ratio };
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('Build first: npm run build');
  if (!havePgbench())
    console.warn('pgbench not found (apt-get install postgresql-client): no database ceiling');
  const database = await createDatabase(BASE_DB);
  const app = await startApp({
    NODE_ENV: 'production',
    ALLOW_TEST_PAYMENTS: 'true',
    ...productionSecrets(),
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: POOL_SIZE,
    REDIS_URL,
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000000',
    RATE_LIMIT_CHECKOUT_PER_MINUTE: '100000000',
    LOG_LEVEL: env.FLASH_LOG_LEVEL ?? 'warn',
  });
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const results: RunResult[] = [];
  let peakRssMb: number;
  try {
    const buyers = await createBuyers(db, app.baseUrl, Math.ceil((CAPACITY / MAX_PER_BUYER) * 1.25));
    const eventId = await createEvent(db, buyers.firstId);
    const ctx = {
      baseUrl: app.baseUrl,
      eventId,
      buyerId: buyers.firstId,
      tokens: buyers.tokens,
      cpuSeconds: app.cpuSeconds,
    };
    console.log(
      `${cpus().length} cores (${cpus()[0]?.model}), capacity ${CAPACITY}, ${buyers.tokens.length} buyers` +
        (WITH_CODE ? ', every order with a discount code' : ''),
    );
    for (let run = 1; run <= RUNS; run++) {
      for (const c of CONCURRENCY) {
        const result = await oneRun(db, database.url, ctx, run, c);
        report(result);
        results.push(result);
      }
    }
  } finally {
    await db.end();
    peakRssMb = app.peakRssMb();
    await app.stop();
    if (!env.FLASH_KEEP_DB) await dropDatabase(BASE_DB, database.name);
  }
  const summary = summarise(results);
  console.table(summary);
  console.log(
    `peak RSS (VmHWM) of the app: ${peakRssMb} MB; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const figures = {
    cores: cpus().length,
    capacity: CAPACITY,
    poolSize: Number(POOL_SIZE),
    withCode: WITH_CODE,
    peakRssMb,
    loadAverage: loadavg(),
    summary,
    runs: results,
  };
  console.log(JSON.stringify(figures));
  if (summary.some((s) => !s.invariantOk || s.serverErrors > 0)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
