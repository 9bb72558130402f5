import { RedisUnavailableError } from '../errors/dependency-errors';

/**
 * Waits for Redis work at most `ms`. ioredis' `commandTimeout` bounds each command, but not everything: a
 * BullMQ queue that has never reached Redis waits for its first connection before it sends anything. Past the
 * deadline the caller gets a RedisUnavailableError (a 503 if it reaches the client); the work itself is not
 * cancelled, its outcome is only no longer awaited.
 */
export function redisDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RedisUnavailableError(`${what}: no answer from Redis in ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** Resolves with true once `work` settles (either way), or with false after `ms`. For shutdown deadlines. */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, expired]);
  } finally {
    clearTimeout(timer);
  }
}
