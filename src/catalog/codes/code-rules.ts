import { DomainError } from '../../platform/errors/domain-error';
import { FieldError } from '../events/event-schedule';
import { CodeKind } from './code-kind';

/** What every reader of a code (the checkout, the event page) decides with. */
export interface CodeTerms {
  id: string;
  kind: CodeKind;
  discountBps: number | null;
  discountAmount: number | null;
  tierIds: string[];
  active: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
}

export type CodeInvalidReason = 'unknown' | 'inactive' | 'not_yet_valid' | 'expired';

/** Codes are typed by people: surrounding spaces go, and case does not matter (codes are stored upper case). */
export function normalizeCode(text: string): string {
  return text.trim().toUpperCase();
}

type Validity = Pick<CodeTerms, 'active' | 'validFrom' | 'validUntil'>;

/** Why the code cannot be used at `now`, or null when it can. */
export function codeInvalidReason(code: Validity | null, now: Date): CodeInvalidReason | null {
  if (!code) return 'unknown';
  if (!code.active) return 'inactive';
  if (code.validFrom && now < code.validFrom) return 'not_yet_valid';
  if (code.validUntil && now >= code.validUntil) return 'expired';
  return null;
}

const INVALID_MESSAGES: Record<CodeInvalidReason, string> = {
  unknown: 'This code is not valid for this event',
  inactive: 'This code is no longer valid',
  not_yet_valid: 'This code is not valid yet',
  expired: 'This code has expired',
};

/** 400 CODE_INVALID with the reason. */
export function invalidCode(reason: CodeInvalidReason): DomainError {
  return new DomainError('CODE_INVALID', INVALID_MESSAGES[reason], { reason });
}

/** The code, provided it can be used at `now`; 400 CODE_INVALID (with the reason) otherwise. */
export function usableCode<C extends Validity>(code: C | null, now: Date): C {
  const reason = codeInvalidReason(code, now);
  if (reason !== null || !code) throw invalidCode(reason ?? 'unknown');
  return code;
}

/** Whether the code applies to a tier: the tiers it names, or every tier when it names none. */
export function codeCoversTier(code: Pick<CodeTerms, 'tierIds'>, tierId: string): boolean {
  return code.tierIds.length === 0 || code.tierIds.includes(tierId);
}

/** An access code reveals (and sells) exactly the hidden tiers it names. */
export function codeRevealsTier(code: Pick<CodeTerms, 'kind' | 'tierIds'> | null, tierId: string): boolean {
  return code?.kind === CodeKind.Access && code.tierIds.includes(tierId);
}

/** A presale code lets its holder buy the tiers it covers before their sales window opens. */
export function codeOpensPresale(code: Pick<CodeTerms, 'kind' | 'tierIds'> | null, tierId: string): boolean {
  return code?.kind === CodeKind.Presale && codeCoversTier(code, tierId);
}

/**
 * What a discount code takes off one unit of a tier priced `unitPrice`: a percentage rounded down to the minor
 * unit, or a fixed amount; never more than the price (a ticket can become free, not negative). Zero for tiers
 * the code does not cover and for other kinds of code. Per unit, so every ticket's price stays a whole number
 * and a partial refund gives back exactly what that ticket cost.
 */
export function unitDiscount(
  code: Pick<CodeTerms, 'kind' | 'discountBps' | 'discountAmount' | 'tierIds'> | null,
  tierId: string,
  unitPrice: number,
): number {
  if (code?.kind !== CodeKind.Discount || !codeCoversTier(code, tierId)) return 0;
  const off =
    code.discountBps !== null
      ? Math.floor((unitPrice * code.discountBps) / 10_000)
      : (code.discountAmount ?? 0);
  return Math.min(unitPrice, off);
}

/** Whether the code does anything for an order of these tiers; an order may only carry a code that does. */
export function codeAppliesToAny(code: Pick<CodeTerms, 'kind' | 'tierIds'>, tierIds: string[]): boolean {
  return code.kind === CodeKind.Access
    ? tierIds.some((id) => code.tierIds.includes(id))
    : tierIds.some((id) => codeCoversTier(code, id));
}

/** A code's terms as a whole: a discount has one amount, only discounts have one, an access code names tiers. */
export function codeTermsErrors(
  c: Pick<CodeTerms, 'kind' | 'discountBps' | 'discountAmount' | 'tierIds' | 'validFrom' | 'validUntil'>,
): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, errors: [message] });
  const amounts = (c.discountBps !== null ? 1 : 0) + (c.discountAmount !== null ? 1 : 0);
  if (c.kind === CodeKind.Discount && amounts !== 1) {
    add('discountBps', 'a discount code takes exactly one of discountBps and discountAmount');
  }
  if (c.kind !== CodeKind.Discount && amounts > 0) {
    add('discountBps', `a ${c.kind} code takes no discount`);
  }
  if (c.kind === CodeKind.Access && c.tierIds.length === 0) {
    add('tierIds', 'an access code names the hidden tiers it reveals');
  }
  if (c.validFrom && c.validUntil && c.validUntil <= c.validFrom) {
    add('validUntil', 'validUntil must be after validFrom');
  }
  return errors;
}
