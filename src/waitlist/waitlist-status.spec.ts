import { assertWaitlistTransition, canWaitlistTransition, WaitlistStatus } from './waitlist-status';

const { Waiting, Offered, Claimed, Lapsed, Left } = WaitlistStatus;

describe('waitlist state machine', () => {
  it.each([
    [Waiting, Offered],
    [Waiting, Left],
    [Offered, Claimed],
    [Offered, Lapsed],
    [Offered, Left],
  ])('allows %s → %s', (from, to) => {
    expect(canWaitlistTransition(from, to)).toBe(true);
  });

  it.each([
    [Waiting, Claimed],
    [Waiting, Lapsed],
    [Offered, Waiting],
    [Claimed, Left],
    [Lapsed, Offered],
    [Left, Waiting],
  ])('refuses %s → %s with INVALID_STATE_TRANSITION', (from, to) => {
    expect(canWaitlistTransition(from, to)).toBe(false);
    expect(() => assertWaitlistTransition(from, to)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }),
    );
  });
});
