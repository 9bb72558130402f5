import { Logger } from '@nestjs/common';
import { redisDeadline } from '../redis/redis-deadline';

/**
 * Queues work for rows that are already committed and that a database sweep guarantees anyway (a hold's expiry,
 * an offer run, a delivery). Redis being down must neither fail the request that committed them nor hold it
 * past `deadlineMs`: the failure is logged, the sweep does the work on its next pass. Resolves with whether
 * the work was queued.
 */
export async function queueBestEffort(
  logger: Logger,
  what: string,
  work: () => Promise<unknown>,
  deadlineMs: number,
): Promise<boolean> {
  try {
    await redisDeadline(work(), deadlineMs, what);
    return true;
  } catch (err) {
    logger.warn({ err, what }, 'could not queue; the sweep will do it');
    return false;
  }
}
