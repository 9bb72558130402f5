import { tierRuleErrors } from './tier-rules';

const at = (h: number) => new Date(Date.UTC(2030, 0, 1) + h * 3600_000);
const event = { endsAt: at(10) };
const ok = { minPerOrder: 1, maxPerOrder: 10, salesStartAt: null, salesEndAt: null };
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('tierRuleErrors', () => {
  it('accepts defaults and a window that closes when the event ends', () => {
    expect(tierRuleErrors(ok, event)).toEqual([]);
    expect(tierRuleErrors({ ...ok, salesStartAt: at(-50), salesEndAt: at(10) }, event)).toEqual([]);
    expect(tierRuleErrors({ ...ok, minPerOrder: 4, maxPerOrder: 4 }, event)).toEqual([]);
  });

  it('refuses a minimum above the maximum', () => {
    expect(fields(tierRuleErrors({ ...ok, minPerOrder: 5, maxPerOrder: 4 }, event))).toEqual(['minPerOrder']);
  });

  it('refuses a window outside the event or inverted', () => {
    expect(fields(tierRuleErrors({ ...ok, salesEndAt: at(11) }, event))).toEqual(['salesEndAt']);
    expect(fields(tierRuleErrors({ ...ok, salesStartAt: at(10) }, event))).toEqual(['salesStartAt']);
    expect(fields(tierRuleErrors({ ...ok, salesStartAt: at(2), salesEndAt: at(1) }, event))).toEqual([
      'salesEndAt',
    ]);
  });
});
