import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { MethodExplorer } from '../discovery/method-explorer';
import type { RedisClient } from '../redis/redis-connections';
import { settledWithin } from '../redis/redis-deadline';
import { REDIS } from '../redis/redis.module';
import { SWEEP_HANDLER, SweepOptions, SweepOutcome } from './job.decorators';

/** The first half of every sweep's advisory-lock key; the second half is a hash of its name. */
const SWEEP_LOCK_NAMESPACE = 7301;

type SweepFn = (now: Date) => Promise<number | SweepOutcome | void>;

interface RegisteredSweep {
  options: SweepOptions;
  label: string;
  sweep: SweepFn;
  timer?: NodeJS.Timeout;
  /** A one-shot run at the deadline the last pass named (`SweepOutcome.nextAt`). */
  deadline?: NodeJS.Timeout;
  running?: Promise<unknown>;
}

const handledBy = (result: number | SweepOutcome | void): number | void =>
  typeof result === 'object' ? result.handled : result;

/**
 * Runs every `@Sweep` method on a plain timer, not a BullMQ repeatable job, so an emptied Redis cannot stop it.
 * A Postgres advisory lock keyed by the sweep's name lets one worker instance sweep at a time; the same instance
 * never overlaps itself; an error is logged and the next tick tries again.
 */
@Injectable()
export class SweepRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SweepRunner.name);
  private readonly sweeps = new Map<string, RegisteredSweep>();
  private stopped = false;

  constructor(
    private readonly explorer: MethodExplorer,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  onModuleInit(): void {
    for (const f of this.explorer.find<SweepOptions>(SWEEP_HANDLER)) {
      if (this.sweeps.has(f.meta.name)) throw new Error(`Two sweeps are named ${f.meta.name}`);
      const fn = (f.instance as Record<string, SweepFn>)[f.methodName];
      this.sweeps.set(f.meta.name, { options: f.meta, label: f.label, sweep: fn.bind(f.instance) });
    }
  }

  onApplicationBootstrap(): void {
    for (const s of this.sweeps.values()) {
      const seconds = this.intervalOf(s);
      s.timer = setInterval(() => void this.tick(s), seconds * 1000);
      // A pending sweep must not keep a finished process alive.
      s.timer.unref();
    }
  }

  /**
   * Before, not on, shutdown: the sweeps in flight still need the database connection to finish. At most
   * SHUTDOWN_GRACE_SECONDS: a sweep cut short is idempotent and the next instance's pass finishes its work.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const s of this.sweeps.values()) {
      if (s.timer) clearInterval(s.timer);
      if (s.deadline) clearTimeout(s.deadline);
    }
    const busy = [...this.sweeps.values()].filter((s) => s.running !== undefined);
    if (busy.length === 0) return;
    // Without Redis a pass may be waiting on it; every sweep is idempotent and its advisory lock dies with the
    // connection, so the next instance's pass finishes the work. Like the queue workers, no wait then.
    const waitMs = this.redis.status === 'ready' ? this.config.shutdownGraceSeconds * 1000 : 0;
    const running = Promise.all(busy.map((s) => s.running!.catch(() => undefined)));
    if (!(await settledWithin(running, waitMs))) {
      this.logger.warn(
        { sweeps: busy.map((s) => s.options.name), waitMs },
        'sweeps still running at shutdown; leaving them to the next pass',
      );
    }
  }

  /** Seconds between passes: the sweep's own (fixed or from the configuration) or SWEEP_INTERVAL_SECONDS. */
  private intervalOf(s: RegisteredSweep): number {
    const every = s.options.everySeconds;
    return (typeof every === 'function' ? every(this.config) : every) ?? this.config.sweepIntervalSeconds;
  }

  names(): string[] {
    return [...this.sweeps.keys()];
  }

  /**
   * Sweeps now, as of `now`, and resolves with what the sweep returned. Waits for a pass already running here or
   * holding the lock elsewhere instead of skipping, so it always sweeps. Errors propagate. For tests and tools.
   */
  async runOnce(name: string, now: Date = this.clock.now()): Promise<number | void> {
    const s = this.sweeps.get(name);
    if (!s) throw new Error(`No sweep named ${name}; known: ${this.names().join(', ')}`);
    while (s.running) await s.running.catch(() => undefined);
    const run = this.locked(s, now, true);
    s.running = run;
    try {
      return handledBy(await run);
    } finally {
      if (s.running === run) s.running = undefined;
    }
  }

  /** A timer tick: skips when a pass is still running here or another instance holds the lock. */
  private async tick(s: RegisteredSweep): Promise<void> {
    if (s.running || this.stopped) return;
    const run = this.locked(s, this.clock.now(), false);
    s.running = run;
    try {
      const count = handledBy(await run);
      if (typeof count === 'number' && count > 0) this.logger.log({ sweep: s.options.name, count }, 'swept');
    } catch (err) {
      this.logger.error({ err, sweep: s.options.name }, 'sweep failed; retrying on the next tick');
    } finally {
      if (s.running === run) s.running = undefined;
    }
  }

  /**
   * Runs the sweep again at `at` when that comes before its next tick. Timers are wall-clock by nature: the delay
   * is measured with Date.now(), so a test's moved clock never makes one fire early.
   */
  private scheduleDeadline(s: RegisteredSweep, at: Date): void {
    if (this.stopped || !s.timer) return;
    const delay = Math.max(0, at.getTime() - Date.now());
    if (delay >= this.intervalOf(s) * 1000) return;
    if (s.deadline) clearTimeout(s.deadline);
    s.deadline = setTimeout(() => {
      s.deadline = undefined;
      void this.tick(s);
    }, delay);
    s.deadline.unref();
  }

  /**
   * Runs the sweep while holding a session-level advisory lock on a dedicated connection, so the sweep itself is
   * free to use as many short transactions as it likes. The lock dies with the connection if the process does.
   */
  private async locked(s: RegisteredSweep, now: Date, wait: boolean): Promise<number | SweepOutcome | void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const fn = wait ? 'pg_advisory_lock' : 'pg_try_advisory_lock';
      const rows = (await runner.query(`SELECT ${fn}($1, hashtext($2))::text AS locked`, [
        SWEEP_LOCK_NAMESPACE,
        s.options.name,
      ])) as Array<{ locked: string }>;
      // pg_advisory_lock returns void (''), pg_try_advisory_lock a boolean.
      if (rows[0]?.locked === 'false') return undefined;
      try {
        const result = await s.sweep(now);
        if (typeof result === 'object' && result.nextAt) this.scheduleDeadline(s, result.nextAt);
        return result;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
          SWEEP_LOCK_NAMESPACE,
          s.options.name,
        ]);
      }
    } finally {
      await runner.release();
    }
  }
}
