import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { freePort } from '../../bench/support/app-process';
import type { ApiTarget } from '../app';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` is truthy; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * A private `redis-server` (Debian's binary) on a free port, with nothing saved to disk: stopping it loses
 * every key, as a crashed or flushed Redis does.
 */
export class RedisServer {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.child = child;
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor('redis-server to accept connections', () => out.includes('Ready to accept connections'));
  }

  /** Kills it (SIGKILL): every key is gone, clients see their connections drop. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** Freezes it (SIGSTOP): connections stay open but nothing answers, so only timeouts notice. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }
}

export interface AppProcessOptions {
  role: 'api' | 'worker' | 'all';
  env: Record<string, string>;
}

/** The built app (`dist/src/main.js`) as a child process, as production runs it. */
export class AppProcess {
  readonly lines: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string | undefined,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
  }

  /** Starts one process and waits until it serves (`/health` for an API) or has started its workers. */
  static async start(options: AppProcessOptions): Promise<AppProcess> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm test builds)`);
    const port = options.role === 'worker' ? undefined : await freePort();
    const child = spawn(process.execPath, [MAIN, `--role=${options.role}`], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
        RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000000',
        ...(port ? { PORT: String(port) } : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    const app = new AppProcess(child, port ? `http://127.0.0.1:${port}` : undefined);
    await waitFor(`the ${options.role} process to start`, async () => {
      if (child.exitCode !== null)
        throw new Error(`the ${options.role} process exited with ${child.exitCode}`);
      if (!app.baseUrl) return app.lines.some((l) => l.includes('Worker started'));
      return (await fetch(`${app.baseUrl}/api/v1/health`)).ok;
    });
    return app;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and resolves with the milliseconds until the process exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
    if (!this.running) return 0;
    const started = Date.now();
    this.child.kill(signal);
    await this.exited;
    return Date.now() - started;
  }

  /** Resolves with true if the process exits within `ms`. */
  async exitsWithin(ms: number): Promise<boolean> {
    return Promise.race([this.exited.then(() => true), sleep(ms).then(() => false)]);
  }
}

/** The factories' target for an app in a child process: supertest against its URL, and its database. */
export function remoteTarget(baseUrl: string, dataSource: DataSource): ApiTarget {
  return { http: () => request(baseUrl), dataSource };
}

/** A DataSource on the test worker's own database (no entities: tests read it with SQL). */
export async function openDatabase(url = process.env.DATABASE_URL!): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', url, extra: { max: 4 } });
  return ds.initialize();
}
