import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type { RedisClient } from '../redis/redis-connections';
import { RedisConnections } from '../redis/redis-connections';
import { AppConfig } from '../config/app-config';
import { MethodExplorer } from '../discovery/method-explorer';
import { settledWithin } from '../redis/redis-deadline';
import { REDIS } from '../redis/redis.module';
import { JOB_HANDLER } from './job.decorators';
import { JOB_QUEUE, JobName, QUEUE_CONCURRENCY, QueueName } from './queues';

type JobHandler = (payload: unknown) => Promise<unknown>;

/** How long a forced close (or a disconnect after the grace period) may take: it only drops connections. */
const FORCED_CLOSE_MS = 1000;

/** Throws unless every job name has exactly one handler. Exported for its unit spec. */
export function assertEveryJobHandledOnce(handled: JobName[]): void {
  const counts = new Map<JobName, number>();
  for (const name of handled) counts.set(name, (counts.get(name) ?? 0) + 1);
  const problems = Object.values(JobName).flatMap((name) => {
    const n = counts.get(name) ?? 0;
    return n === 1 ? [] : [`${name}: ${n} handlers`];
  });
  if (problems.length > 0) throw new Error(`Every job needs exactly one handler: ${problems.join('; ')}`);
}

/**
 * The worker's BullMQ side: one Worker per queue, dispatching each job by name to its `@OnJob` method. Found and
 * checked at module init (a missing or doubled handler stops the boot); workers start once the app has
 * bootstrapped and close before the database does, within `SHUTDOWN_GRACE_SECONDS`.
 */
@Injectable()
export class JobRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly explorer: MethodExplorer,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly connections: RedisConnections,
  ) {}

  onModuleInit(): void {
    const found = this.explorer.find<JobName>(JOB_HANDLER);
    assertEveryJobHandledOnce(found.map((f) => f.meta));
    for (const f of found) {
      const fn = (f.instance as Record<string, JobHandler>)[f.methodName];
      this.handlers.set(f.meta, fn.bind(f.instance));
    }
  }

  onApplicationBootstrap(): void {
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job: Job) => this.run(queue, job), {
        // A connection (or its options) per worker: BullMQ keeps per-connection state.
        connection: this.connections.queueWorkerConnection(),
        prefix: this.connections.queuePrefix,
        concurrency: QUEUE_CONCURRENCY[queue],
        lockDuration: this.config.jobLockSeconds * 1000,
        stalledInterval: this.config.jobLockSeconds * 1000,
      });
      worker.on('error', (err) => this.logger.warn({ err, queue }, 'queue worker error'));
      this.workers.push(worker);
    }
  }

  /**
   * Lets the jobs in flight finish while the database is still open (Nest closes it later), for at most
   * SHUTDOWN_GRACE_SECONDS, and not at all while Redis is down: without Redis a job can neither complete nor be
   * handed back, and shutdown must not wait on Redis. A job cut short stays active in Redis and BullMQ's
   * stalled-job check gives it to another worker (every handler is safe to run twice).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const redisUp = this.redis.status === 'ready';
    const closing = Promise.all(this.workers.map((w) => w.close(!redisUp)));
    const waitMs = redisUp ? this.config.shutdownGraceSeconds * 1000 : FORCED_CLOSE_MS;
    if (await settledWithin(closing, waitMs)) return;
    this.logger.warn({ waitMs, redisUp }, 'queue workers did not close in time; dropping their connections');
    await settledWithin(Promise.all(this.workers.map((w) => w.disconnect())), FORCED_CLOSE_MS);
  }

  private run(queue: QueueName, job: Job): Promise<unknown> {
    const name = job.name as JobName;
    const handler = JOB_QUEUE[name] === queue ? this.handlers.get(name) : undefined;
    if (!handler) throw new Error(`${queue} has no handler for job "${job.name}"`);
    return handler(job.data);
  }
}
