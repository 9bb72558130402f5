/**
 * `npm run bench:pipeline`: what every request pays before and after its handler, measured on `GET /health`
 * (which does no I/O) against a bare NestJS "hello" app in the same run.
 *
 * 1. Drives `/api/v1/health` on the built app (production mode) and `/hello` on the bare app, PIPELINE_SECONDS
 *    each at 50 connections, and reports each process's own CPU per request (from /proc): the difference is the
 *    fixed cost of the app's global middleware, guards, pipes and filters.
 * 2. Drives the app again under the V8 CPU profiler and splits that cost by component: each profile sample goes
 *    to the innermost global middleware, guard or pipe on its stack (a middleware that calls `next()` keeps only
 *    its own time). Reported in ms per request, plus what stayed in the router and Nest itself.
 *
 * Knobs: PIPELINE_SECONDS (8), PIPELINE_RUNS (3), DATABASE_URL, REDIS_URL.
 */
import autocannon from 'autocannon';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppProcess,
  createDatabase,
  dropDatabase,
  productionSecrets,
  ROOT,
  startApp,
  startNode,
} from './support/app-process';

const env = process.env;
const SECONDS = Number(env.PIPELINE_SECONDS ?? 8);
const RUNS = Number(env.PIPELINE_RUNS ?? 3);
const BASE_DB = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ticket_vendor';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** Global pieces of the pipeline, recognised by the file their code lives in (first match wins). */
const COMPONENTS: Array<[string, RegExp]> = [
  ['http metrics middleware', /insight\/metrics\/http-metrics|node_modules\/prom-client\//],
  ['helmet', /node_modules\/helmet\//],
  ['cors', /node_modules\/cors\//],
  ['body parsers', /node_modules\/(body-parser|raw-body|type-is|content-type)\//],
  [
    'request logger (pino-http)',
    /node_modules\/(pino-http|nestjs-pino|pino|pino-std-serializers|@pinojs\/redact)\//,
  ],
  ['authentication guard', /accounts\/auth\/(jwt-auth\.guard|revocations|access-token)/],
  ['roles guard', /accounts\/auth\/roles\.guard/],
  ['rate-limit guard', /platform\/rate-limit\//],
  [
    'validation pipe',
    /@nestjs\/common\/pipes\/validation\.pipe|node_modules\/class-(validator|transformer)\//,
  ],
  ['request id', /dist\/src\/app\.module/],
];

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

async function cpuPerRequest(proc: AppProcess, path: string): Promise<{ rps: number; cpuMs: number }> {
  const before = proc.cpuSeconds();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url: `${proc.baseUrl}${path}`, connections: 50, duration: SECONDS }, (err: unknown, res) =>
      err ? reject(err) : resolve(res),
    );
  });
  const cpuMs = ((proc.cpuSeconds() - before) * 1000) / Math.max(1, result.requests.total);
  return { rps: Math.round(result.requests.average), cpuMs: Math.round(cpuMs * 1000) / 1000 };
}

/** Profile time per component (ms per request), each sample going to the innermost component on its stack. */
function attribute(profilePath: string, requests: number): Record<string, number> {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const componentOf = new Map<number, string | null>();
  const resolve = (id: number): string | null => {
    if (componentOf.has(id)) return componentOf.get(id)!;
    const url = byId.get(id)!.callFrame.url;
    const own = COMPONENTS.find(([, re]) => re.test(url))?.[0] ?? null;
    const up = parent.get(id);
    const found = own ?? (up === undefined ? null : resolve(up));
    componentOf.set(id, found);
    return found;
  };
  const micros: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') return;
    const component =
      resolve(id) ?? (name === '(garbage collector)' ? 'garbage collection' : 'router, Nest and HTTP');
    micros[component] = (micros[component] ?? 0) + (profile.timeDeltas[i] ?? 0);
  });
  return Object.fromEntries(
    Object.entries(micros)
      .sort((a, b) => b[1] - a[1])
      .map(([k, us]) => [k, Math.round((us / 1000 / requests) * 1000) / 1000]),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main(): Promise<void> {
  const database = await createDatabase(BASE_DB);
  const appEnv = {
    NODE_ENV: 'production',
    ALLOW_TEST_PAYMENTS: 'true',
    ...productionSecrets(),
    DATABASE_URL: database.url,
    REDIS_URL,
    LOG_LEVEL: env.PIPELINE_LOG_LEVEL ?? 'info',
  };
  try {
    const app = await startApp(appEnv);
    const hello = await startNode(join(ROOT, 'dist', 'bench', 'support', 'hello-app.js'), [], {}, '/hello');
    const figures: Array<{ app: number; hello: number }> = [];
    try {
      for (let run = 1; run <= RUNS; run++) {
        const h = await cpuPerRequest(hello, '/hello');
        const a = await cpuPerRequest(app, '/api/v1/health');
        figures.push({ app: a.cpuMs, hello: h.cpuMs });
        console.log(
          `run ${run}: /health ${a.rps} req/s ${a.cpuMs} ms CPU; bare /hello ${h.rps} req/s ${h.cpuMs} ms CPU`,
        );
      }
    } finally {
      await Promise.all([app.stop(), hello.stop()]);
    }
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-prof-'));
    const profiled = await (async () => {
      process.env.BENCH_NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${dir}`;
      const p = await startApp(appEnv);
      delete process.env.BENCH_NODE_OPTIONS;
      const before = p.cpuSeconds();
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        autocannon(
          { url: `${p.baseUrl}/api/v1/health`, connections: 50, duration: SECONDS },
          (err: unknown, res) => (err ? reject(err) : resolve(res)),
        );
      });
      await p.stop();
      return {
        requests: result.requests.total,
        cpuMs: ((p.cpuSeconds() - before) * 1000) / result.requests.total,
      };
    })();
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    const split = file ? attribute(join(dir, file), profiled.requests) : {};
    rmSync(dir, { recursive: true, force: true });
    const appMs = median(figures.map((f) => f.app));
    const helloMs = median(figures.map((f) => f.hello));
    const pipeline = Object.entries(split)
      .filter(([k]) => COMPONENTS.some(([name]) => name === k))
      .reduce((sum, [, ms]) => sum + ms, 0);
    console.log(
      `\nCPU per request (medians of ${RUNS}): app /health ${appMs} ms, bare hello ${helloMs} ms, difference ${Math.round((appMs - helloMs) * 1000) / 1000} ms`,
    );
    console.log('Under the profiler, per component (ms per request, innermost frame):');
    console.table(split);
    console.log(
      `global middleware, guards and pipes: ${Math.round(pipeline * 1000) / 1000} ms per request (target <= 0.25)`,
    );
    console.log(
      `${cpus().length} cores; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(JSON.stringify({ appMs, helloMs, components: split, pipelineMs: pipeline, runs: figures }));
  } finally {
    await dropDatabase(BASE_DB, database.name);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
