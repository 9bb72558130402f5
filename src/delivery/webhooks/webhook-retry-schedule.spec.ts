import { nextAttemptAt, RETRY_WINDOW_MS } from './webhook-retry-schedule';

describe('webhook retry schedule', () => {
  const created = new Date('2030-01-01T00:00:00.000Z');
  const noJitter = () => 0.5;

  it('backs off exponentially from 10 seconds, capped at 12 hours', () => {
    const delays = [1, 2, 3, 4, 8, 9, 12].map(
      (n) => nextAttemptAt(created, created, n, null, noJitter)!.getTime() - created.getTime(),
    );
    expect(delays).toEqual([10_000, 30_000, 90_000, 270_000, 21_870_000, 43_200_000, 43_200_000]);
  });

  it('retries for three days, then gives up', () => {
    let now = created;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const next = nextAttemptAt(created, now, attempts, null, noJitter);
      if (!next) break;
      now = next;
    }
    expect(now.getTime() - created.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(now.getTime() - created.getTime()).toBeGreaterThan(RETRY_WINDOW_MS - 12 * 3600_000);
    expect(attempts).toBe(14);
  });

  it('jitters by at most 10%', () => {
    const low = nextAttemptAt(created, created, 2, null, () => 0)!.getTime() - created.getTime();
    const high = nextAttemptAt(created, created, 2, null, () => 1)!.getTime() - created.getTime();
    expect([low, high]).toEqual([27_000, 33_000]);
  });

  it("waits at least the receiver's Retry-After", () => {
    const next = nextAttemptAt(created, created, 1, 120, noJitter)!;
    expect(next.getTime() - created.getTime()).toBe(120_000);
  });
});
