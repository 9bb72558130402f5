import { WAITLIST_STATES, WaitlistStatus } from './waitlist-status';

const { Waiting, Offered, Claimed, Lapsed, Left } = WaitlistStatus;

describe('waitlist state machine', () => {
  it.each([
    [Waiting, Offered],
    [Waiting, Left],
    [Offered, Claimed],
    [Offered, Lapsed],
    [Offered, Left],
  ])('allows %s → %s', (from, to) => {
    expect(WAITLIST_STATES.can(from, to)).toBe(true);
  });

  it.each([
    [Waiting, Claimed],
    [Waiting, Lapsed],
    [Offered, Waiting],
    [Claimed, Left],
    [Lapsed, Offered],
    [Left, Waiting],
  ])('refuses %s → %s with INVALID_STATE_TRANSITION', (from, to) => {
    expect(WAITLIST_STATES.can(from, to)).toBe(false);
    expect(() => WAITLIST_STATES.assert(from, to)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }),
    );
  });
});
