import { Clock } from '../../src/platform/clock/clock';

/**
 * The test app's clock (given through `overrideProvider(Clock)`): real time plus an offset the test moves. Only
 * the app of the test that owns it sees the move; production code has no way to move time.
 */
export class FakeClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
