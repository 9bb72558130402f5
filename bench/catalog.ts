/**
 * `npm run bench:catalog`: catalog reads against a bare NestJS "hello" app, in the same run on the same machine.
 *
 * Starts the built app (`--role=api`, production mode, rate limits raised) on a fresh database and a bare
 * Nest-on-Express app with one JSON route, seeds an event with tiers and a few other events, then for each run
 * drives, for CATALOG_SECONDS each at CATALOG_CONCURRENCY connections: the hello route, `GET /events/{id}` and
 * `GET /events?search=…&city=…`. It prints requests per second, the app's own CPU per request and the ratio to
 * hello (medians over CATALOG_RUNS runs), how stale the availability an event shows gets while holds are placed,
 * and both processes' peak RSS (VmHWM). One JSON line at the end has every figure.
 *
 * Knobs: CATALOG_SECONDS (8), CATALOG_CONCURRENCY (50), CATALOG_RUNS (3), DATABASE_URL, REDIS_URL.
 */
import autocannon from 'autocannon';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  AppProcess,
  createDatabase,
  dropDatabase,
  productionSecrets,
  ROOT,
  startApp,
  startNode,
} from './support/app-process';
import { createBuyers, createEvent, createTier } from './support/seed';

const env = process.env;
const SECONDS = Number(env.CATALOG_SECONDS ?? 8);
const CONCURRENCY = Number(env.CATALOG_CONCURRENCY ?? 50);
const RUNS = Number(env.CATALOG_RUNS ?? 3);
const BASE_DB = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ticket_vendor';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const STALENESS_SAMPLES = 20;

interface Measured {
  requestsPerSecond: number;
  cpuMsPerRequest: number;
  p99Ms: number;
  non2xx: number;
}

async function measure(proc: AppProcess, path: string): Promise<Measured> {
  const cpuBefore = proc.cpuSeconds();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      { url: `${proc.baseUrl}${path}`, connections: CONCURRENCY, duration: SECONDS },
      (err: unknown, res: autocannon.Result) => (err ? reject(err) : resolve(res)),
    );
  });
  const cpuMs = (proc.cpuSeconds() - cpuBefore) * 1000;
  const total = result.requests.total;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    cpuMsPerRequest: Math.round((cpuMs / Math.max(1, total)) * 1000) / 1000,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

/**
 * Places holds one at a time (one buyer each) while reading the event page, and measures how long after each
 * hold's answer the page shows it, in ms.
 */
async function staleness(
  baseUrl: string,
  eventId: string,
  tierId: string,
  tokens: string[],
): Promise<number[]> {
  const availableNow = async (): Promise<number> => {
    const res = await fetch(`${baseUrl}/api/v1/events/${eventId}`);
    const body = (await res.json()) as { tiers: Array<{ id: string; available: number }> };
    return body.tiers.find((t) => t.id === tierId)!.available;
  };
  const lags: number[] = [];
  for (const token of tokens) {
    const before = await availableNow();
    const res = await fetch(`${baseUrl}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ eventId, items: [{ tierId, quantity: 1 }] }),
    });
    if (res.status !== 201) throw new Error(`hold refused: ${res.status} ${await res.text()}`);
    const held = Date.now();
    while ((await availableNow()) >= before) {
      if (Date.now() - held > 10_000) throw new Error('availability never changed');
      await new Promise((r) => setTimeout(r, 10));
    }
    lags.push(Date.now() - held);
  }
  return lags;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('Build first: npm run build');
  const database = await createDatabase(BASE_DB);
  const app = await startApp({
    NODE_ENV: 'production',
    ALLOW_TEST_PAYMENTS: 'true',
    ...productionSecrets(),
    DATABASE_URL: database.url,
    REDIS_URL,
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000000',
    RATE_LIMIT_CHECKOUT_PER_MINUTE: '100000000',
    LOG_LEVEL: env.CATALOG_LOG_LEVEL ?? 'warn',
  });
  const hello = await startNode(join(ROOT, 'dist', 'bench', 'support', 'hello-app.js'), [], {}, '/hello');
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const runs: Array<Record<string, Measured>> = [];
  let lags: number[] = [];
  try {
    const buyers = await createBuyers(db, app.baseUrl, STALENESS_SAMPLES + 1);
    const eventId = await createEvent(db, buyers.firstId);
    const tierIds = [
      await createTier(db, eventId, 5000, 10),
      await createTier(db, eventId, 200, 4),
      await createTier(db, eventId, 50, 2),
    ];
    for (let i = 0; i < 30; i++) await createEvent(db, buyers.firstId);
    const paths = {
      hello: '/hello',
      eventDetail: `/api/v1/events/${eventId}`,
      search: '/api/v1/events?search=flash%20sale&city=Berlin',
    };
    console.log(`${cpus().length} cores (${cpus()[0]?.model}), ${SECONDS}s at ${CONCURRENCY} connections`);
    for (let run = 1; run <= RUNS; run++) {
      const figures: Record<string, Measured> = {
        hello: await measure(hello, paths.hello),
        eventDetail: await measure(app, paths.eventDetail),
        search: await measure(app, paths.search),
      };
      runs.push(figures);
      console.log(
        `run ${run}: ` +
          Object.entries(figures)
            .map(
              ([k, m]) =>
                `${k} ${m.requestsPerSecond} req/s (${m.cpuMsPerRequest} ms CPU, p99 ${m.p99Ms} ms, non-2xx ${m.non2xx})`,
            )
            .join('; '),
      );
    }
    lags = await staleness(app.baseUrl, eventId, tierIds[0], buyers.tokens.slice(1));
  } finally {
    await db.end();
    const peaks = { app: app.peakRssMb(), hello: hello.peakRssMb() };
    await Promise.all([app.stop(), hello.stop()]);
    await dropDatabase(BASE_DB, database.name);
    summarise(runs, lags, peaks);
  }
}

function summarise(
  runs: Array<Record<string, Measured>>,
  lags: number[],
  peaks: { app: number; hello: number },
) {
  const m = (key: string, f: (x: Measured) => number) => median(runs.map((r) => f(r[key])));
  const helloRps = m('hello', (x) => x.requestsPerSecond);
  const summary = ['hello', 'eventDetail', 'search'].map((key) => ({
    route: key,
    requestsPerSecond: m(key, (x) => x.requestsPerSecond),
    cpuMsPerRequest: m(key, (x) => x.cpuMsPerRequest),
    p99Ms: m(key, (x) => x.p99Ms),
    ratioToHello: round(m(key, (x) => x.requestsPerSecond) / helloRps),
    non2xx: runs.reduce((n, r) => n + r[key].non2xx, 0),
  }));
  console.table(summary);
  const stale = { samples: lags.length, p50Ms: median(lags), maxMs: lags.length ? Math.max(...lags) : NaN };
  console.log(
    `availability staleness: p50 ${stale.p50Ms} ms, max ${stale.maxMs} ms over ${stale.samples} holds`,
  );
  console.log(
    `peak RSS (VmHWM): app ${peaks.app} MB, hello ${peaks.hello} MB; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    JSON.stringify({
      cores: cpus().length,
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      summary,
      staleness: stale,
      peakRssMb: peaks,
      runs,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
