import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

/** The repository root, from `dist/bench/support` (built) or `bench/support` (ts). */
export const ROOT = join(__dirname, '..', '..', __dirname.includes(`${join('dist', 'bench')}`) ? '..' : '');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function adminUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database of its own, so the bench never touches a developer's data. */
export async function createDatabase(baseUrl: string): Promise<{ name: string; url: string }> {
  const name = `tv_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl(baseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return { name, url: adminUrl(baseUrl, name) };
}

export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl(baseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Production-grade secrets made up for this run: a strong JWT secret and an Ed25519 ticket key. */
export function productionSecrets(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  return { JWT_SECRET: randomBytes(48).toString('base64url'), TICKET_SIGNING_KEYS: `1:${der}` };
}

export interface AppProcess {
  baseUrl: string;
  pid: number | undefined;
  /** CPU seconds (user + system) the app process has used so far; NaN where /proc is missing. */
  cpuSeconds: () => number;
  /** The process's peak resident memory so far (VmHWM), in MB; NaN where /proc is missing. */
  peakRssMb: () => number;
  stop: () => Promise<void>;
}

/** VmHWM of a process, from /proc (Linux). */
function peakRssMb(pid: number | undefined): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime of a process, from /proc (Linux): the app's own CPU cost, whatever else shares the machine. */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Starts the built app (`dist/src/main.js`) as a child process and waits until it is ready. */
export function startApp(env: Record<string, string>, role = 'api'): Promise<AppProcess> {
  return startNode(join(ROOT, 'dist', 'src', 'main.js'), [`--role=${role}`], env, '/api/v1/health/ready');
}

/**
 * Starts a built script as a child process on a free port (`PORT`) and waits until `readyPath` answers 2xx.
 * BENCH_NODE_OPTIONS (or FLASH_NODE_OPTIONS) passes flags to its node, e.g. `--cpu-prof` to see where a
 * request's time goes.
 */
export async function startNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  readyPath: string,
): Promise<AppProcess> {
  const port = await freePort();
  // The production memory cap (see the Dockerfile), then any flags of the run.
  const nodeArgs = [
    '--max-old-space-size=160',
    ...(process.env.BENCH_NODE_OPTIONS ?? process.env.FLASH_NODE_OPTIONS ?? '').split(' '),
  ].filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}${readyPath}`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${script} did not become ready within 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    pid: child.pid,
    cpuSeconds: () => processCpuSeconds(child.pid),
    peakRssMb: () => peakRssMb(child.pid),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
