import { eventScheduleErrors } from './event-schedule';

const at = (h: number) => new Date(Date.UTC(2030, 0, 1) + h * 3600_000);
const base = { startsAt: at(10), endsAt: at(14), salesStartAt: null, salesEndAt: null };
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('eventScheduleErrors', () => {
  it('accepts an event that ends after it starts, with open sales bounds', () => {
    expect(eventScheduleErrors(base)).toEqual([]);
  });

  it('refuses an end at or before the start', () => {
    expect(fields(eventScheduleErrors({ ...base, endsAt: at(10) }))).toEqual(['endsAt']);
    expect(fields(eventScheduleErrors({ ...base, endsAt: at(9) }))).toEqual(['endsAt']);
  });

  it('allows sales to open before the event and to run until it ends', () => {
    expect(eventScheduleErrors({ ...base, salesStartAt: at(-100), salesEndAt: at(14) })).toEqual([]);
  });

  it('refuses a sales window that runs past the end or is inverted', () => {
    expect(fields(eventScheduleErrors({ ...base, salesEndAt: at(15) }))).toEqual(['salesEndAt']);
    expect(fields(eventScheduleErrors({ ...base, salesStartAt: at(14) }))).toEqual(['salesStartAt']);
    expect(fields(eventScheduleErrors({ ...base, salesStartAt: at(5), salesEndAt: at(4) }))).toEqual([
      'salesEndAt',
    ]);
  });

  it('refuses a start in the past when now is given', () => {
    expect(fields(eventScheduleErrors(base, at(11)))).toEqual(['startsAt']);
    expect(eventScheduleErrors(base, at(9))).toEqual([]);
  });
});
