import { appendMethodMetadata } from '../discovery/method-explorer';
import type { AppConfig } from '../config/app-config';
import { JobName } from './queues';

export const JOB_HANDLER = Symbol('job-handler');
export const SWEEP_HANDLER = Symbol('sweep-handler');

export interface SweepOptions {
  /** Unique per sweep: names its advisory lock, its log lines and `SweepRunner.runOnce(name)`. */
  name: string;
  /**
   * Seconds between passes, or a function of the configuration for an interval an operator sets;
   * `SWEEP_INTERVAL_SECONDS` when absent.
   */
  everySeconds?: number | ((config: AppConfig) => number);
}

/**
 * Declares a provider method as the one handler of a job: `(payload: JobPayloads[name]) => Promise<unknown>`.
 * It must be safe to run twice (BullMQ delivers at least once). The worker's JobRunner finds it at boot and
 * refuses to start unless every job name has exactly one handler.
 */
export const OnJob = (name: JobName): MethodDecorator => appendMethodMetadata(JOB_HANDLER, name);

/**
 * What a sweep may answer instead of a count: how many items it handled, and when it should run next if that is
 * sooner than its interval (a deadline it knows of, such as the next hold to expire).
 */
export interface SweepOutcome {
  handled: number;
  nextAt?: Date;
}

/**
 * Declares a provider method as a periodic database sweep: `(now: Date) => Promise<number | SweepOutcome |
 * void>`, returning how many items it handled (and, optionally, when it should run next). Idempotent, and independent of Redis: it is what keeps the system right when
 * Redis forgets. The worker's SweepRunner runs it on a timer, one instance at a time (a Postgres advisory lock).
 */
export const Sweep = (options: SweepOptions): MethodDecorator => appendMethodMetadata(SWEEP_HANDLER, options);
