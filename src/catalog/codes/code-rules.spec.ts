import { CodeKind } from './code-kind';
import {
  codeAppliesToAny,
  codeInvalidReason,
  codeOpensPresale,
  codeRevealsTier,
  codeTermsErrors,
  normalizeCode,
  unitDiscount,
  usableCode,
} from './code-rules';

const base = {
  id: 'c1',
  kind: CodeKind.Discount,
  discountBps: 2500 as number | null,
  discountAmount: null as number | null,
  tierIds: [] as string[],
  active: true,
  validFrom: null as Date | null,
  validUntil: null as Date | null,
};
const now = new Date('2030-05-01T12:00:00Z');

describe('code rules', () => {
  it('normalises what buyers type', () => {
    expect(normalizeCode('  summer-25 ')).toBe('SUMMER-25');
  });

  it('says why a code cannot be used', () => {
    expect(codeInvalidReason(null, now)).toBe('unknown');
    expect(codeInvalidReason({ ...base, active: false }, now)).toBe('inactive');
    expect(codeInvalidReason({ ...base, validFrom: new Date('2030-05-02T00:00:00Z') }, now)).toBe(
      'not_yet_valid',
    );
    expect(codeInvalidReason({ ...base, validUntil: now }, now)).toBe('expired');
    expect(codeInvalidReason({ ...base, validUntil: new Date('2030-05-01T12:00:01Z') }, now)).toBeNull();
  });

  it('refuses an unusable code with CODE_INVALID and its reason', () => {
    expect(() => usableCode({ ...base, active: false }, now)).toThrow(
      expect.objectContaining({ code: 'CODE_INVALID', details: { reason: 'inactive' } }),
    );
    expect(usableCode(base, now)).toBe(base);
  });

  it('takes a percentage off each unit, rounded down, and a fixed amount never below zero', () => {
    expect(unitDiscount({ ...base, discountBps: 3333 }, 't1', 1999)).toBe(666); // 666.27
    expect(unitDiscount({ ...base, discountBps: 10_000 }, 't1', 1999)).toBe(1999);
    expect(unitDiscount({ ...base, discountBps: null, discountAmount: 500 }, 't1', 1999)).toBe(500);
    expect(unitDiscount({ ...base, discountBps: null, discountAmount: 5000 }, 't1', 1999)).toBe(1999);
  });

  it('discounts only the tiers a discount code covers', () => {
    const some = { ...base, tierIds: ['t1'] };
    expect(unitDiscount(some, 't1', 1000)).toBe(250);
    expect(unitDiscount(some, 't2', 1000)).toBe(0);
    expect(unitDiscount({ ...base, kind: CodeKind.Presale }, 't1', 1000)).toBe(0);
  });

  it('reveals hidden tiers only with an access code naming them, and opens presales for covered tiers', () => {
    expect(codeRevealsTier({ kind: CodeKind.Access, tierIds: ['t1'] }, 't1')).toBe(true);
    expect(codeRevealsTier({ kind: CodeKind.Access, tierIds: ['t1'] }, 't2')).toBe(false);
    expect(codeRevealsTier({ kind: CodeKind.Presale, tierIds: ['t1'] }, 't1')).toBe(false);
    expect(codeOpensPresale({ kind: CodeKind.Presale, tierIds: [] }, 't9')).toBe(true);
    expect(codeOpensPresale({ kind: CodeKind.Discount, tierIds: [] }, 't9')).toBe(false);
  });

  it('applies to an order when it does something for one of its tiers', () => {
    expect(codeAppliesToAny({ kind: CodeKind.Discount, tierIds: [] }, ['t1'])).toBe(true);
    expect(codeAppliesToAny({ kind: CodeKind.Discount, tierIds: ['t2'] }, ['t1'])).toBe(false);
    expect(codeAppliesToAny({ kind: CodeKind.Access, tierIds: [] }, ['t1'])).toBe(false);
    expect(codeAppliesToAny({ kind: CodeKind.Access, tierIds: ['t1'] }, ['t1', 't3'])).toBe(true);
  });

  it('checks the terms of a code as a whole', () => {
    expect(codeTermsErrors(base)).toEqual([]);
    expect(codeTermsErrors({ ...base, discountAmount: 100 })).toEqual([
      {
        field: 'discountBps',
        errors: ['a discount code takes exactly one of discountBps and discountAmount'],
      },
    ]);
    expect(
      codeTermsErrors({ ...base, kind: CodeKind.Access, discountBps: null }).map((e) => e.field),
    ).toEqual(['tierIds']);
    expect(codeTermsErrors({ ...base, kind: CodeKind.Presale }).map((e) => e.field)).toEqual(['discountBps']);
    expect(
      codeTermsErrors({ ...base, validFrom: now, validUntil: new Date(now.getTime() - 1) }).map(
        (e) => e.field,
      ),
    ).toEqual(['validUntil']);
  });
});
