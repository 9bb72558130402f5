const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

/** How long a message keeps being retried after it was written. */
export const RETRY_WINDOW_MS = 3 * DAY;
/** An endpoint that has failed for this long (no success in between) is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * DAY;

const FIRST_DELAY_MS = 10 * SECOND;
const FACTOR = 3;
const MAX_DELAY_MS = 12 * HOUR;

/**
 * When to try again after the `attempts`-th failed attempt: 10 s, 30 s, 90 s, … tripling up to 12 hours, with
 * ±10% jitter so a receiver that failed for many messages at once is not hit by all of them again at once, and
 * never sooner than the receiver's `Retry-After`. Null once that would fall outside the 3-day window.
 */
export function nextAttemptAt(
  createdAt: Date,
  now: Date,
  attempts: number,
  retryAfterSeconds: number | null = null,
  random: () => number = Math.random,
): Date | null {
  const backoff = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * FACTOR ** Math.max(0, attempts - 1));
  const jittered = backoff * (0.9 + 0.2 * random());
  const delay = Math.min(MAX_DELAY_MS, Math.max(jittered, (retryAfterSeconds ?? 0) * SECOND));
  const at = new Date(now.getTime() + Math.round(delay));
  return at.getTime() <= createdAt.getTime() + RETRY_WINDOW_MS ? at : null;
}
