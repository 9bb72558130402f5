import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/** The first half of every sweeper's advisory-lock key; the second half is a hash of its name. */
const SWEEPER_LOCK_NAMESPACE = 7301;

/**
 * A periodic database sweep: the part of the system that keeps working when Redis forgets everything.
 *
 * Runs `sweep()` every `intervalSeconds` (default `SWEEP_INTERVAL_SECONDS`) on a plain timer, not a BullMQ
 * repeatable job, so an emptied Redis cannot stop it. A Postgres advisory lock keyed by `name` makes sure only
 * one worker instance sweeps at a time; the same instance never overlaps itself; an error is logged and the next
 * tick tries again. The timer starts on application bootstrap and stops on shutdown, so a sweeper must only be
 * provided by a module in WORKER_MODULES.
 *
 * Usage:
 * ```ts
 * @Injectable()
 * export class OrderExpirySweeper extends Sweeper {
 *   readonly name = 'order-expiry';
 *   constructor(dataSource: DataSource, config: AppConfig, private readonly orders: OrdersService) {
 *     super(dataSource, config);
 *   }
 *   // Idempotent: run it twice, or on two instances, and nothing happens twice. Use your own transactions.
 *   protected async sweep(): Promise<number> {
 *     return this.orders.expireOverdueHolds();
 *   }
 * }
 * ```
 * Tests call `await sweeper.runOnce()`, which waits for the lock instead of skipping, so it always sweeps.
 */
export abstract class Sweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Unique per sweeper: names the advisory lock and the log lines. */
  abstract readonly name: string;
  /** Override to sweep more or less often than `SWEEP_INTERVAL_SECONDS`. */
  protected intervalSeconds?: number;
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    protected readonly dataSource: DataSource,
    protected readonly config: AppConfig,
  ) {}

  /** One idempotent pass. Returns how many items it handled (for the log), or nothing. */
  protected abstract sweep(): Promise<number | void>;

  onApplicationBootstrap(): void {
    const seconds = this.intervalSeconds ?? this.config.sweepIntervalSeconds;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    // A pending sweep must not keep a finished process alive.
    this.timer.unref();
  }

  /** Before, not on, shutdown: the sweep in flight still needs the database connection to finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Sweeps now and resolves when done, waiting for a sweep already running here or holding the lock elsewhere.
   * Errors propagate to the caller. Returns what `sweep()` returned.
   */
  async runOnce(): Promise<number | void> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.locked(true);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  /** A timer tick: skips when a sweep is still running here or another instance holds the lock. */
  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    const run = this.locked(false);
    this.running = run;
    try {
      const count = await run;
      if (typeof count === 'number' && count > 0) this.logger.log({ sweeper: this.name, count }, 'swept');
    } catch (err) {
      this.logger.error({ err, sweeper: this.name }, 'sweep failed; retrying on the next tick');
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  /**
   * Runs `sweep()` while holding a session-level advisory lock on a dedicated connection, so the sweep itself
   * is free to use as many short transactions as it likes. The lock dies with the connection if the process does.
   */
  private async locked(wait: boolean): Promise<number | void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const fn = wait ? 'pg_advisory_lock' : 'pg_try_advisory_lock';
      const rows = (await runner.query(`SELECT ${fn}($1, hashtext($2))::text AS locked`, [
        SWEEPER_LOCK_NAMESPACE,
        this.name,
      ])) as Array<{ locked: string }>;
      // pg_advisory_lock returns void (''), pg_try_advisory_lock a boolean.
      if (rows[0]?.locked === 'false') return undefined;
      try {
        return await this.sweep();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
          SWEEPER_LOCK_NAMESPACE,
          this.name,
        ]);
      }
    } finally {
      await runner.release();
    }
  }
}
