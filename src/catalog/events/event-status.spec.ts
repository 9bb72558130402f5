import { EVENT_STATES, EventStatus } from './event-status';

const LEGAL: Array<[EventStatus, EventStatus]> = [
  [EventStatus.Draft, EventStatus.Published],
  [EventStatus.Draft, EventStatus.Cancelled],
  [EventStatus.Published, EventStatus.Completed],
  [EventStatus.Published, EventStatus.Cancelled],
];
const ALL = Object.values(EventStatus);
const ILLEGAL = ALL.flatMap((from) =>
  ALL.filter((to) => !LEGAL.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as const),
);

describe('event state machine', () => {
  it.each(LEGAL)('allows %s -> %s', (from, to) => {
    expect(() => EVENT_STATES.assert(from, to)).not.toThrow();
  });

  it.each(ILLEGAL)('refuses %s -> %s with 409 INVALID_STATE_TRANSITION', (from, to) => {
    expect(() => EVENT_STATES.assert(from, to)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION', details: { from, to } }),
    );
  });
});
