import type { FieldError } from '../events/event-schedule';

export interface TierRules {
  minPerOrder: number;
  maxPerOrder: number;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
}

/** The cross-field rules of a tier: per-order bounds in order, and a sales window inside the event. */
export function tierRuleErrors(tier: TierRules, event: { endsAt: Date }): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, errors: [message] });
  if (tier.minPerOrder > tier.maxPerOrder) add('minPerOrder', 'minPerOrder must not exceed maxPerOrder');
  if (tier.salesStartAt && tier.salesStartAt >= event.endsAt) {
    add('salesStartAt', 'salesStartAt must be before the event ends');
  }
  if (tier.salesEndAt && tier.salesEndAt > event.endsAt) {
    add('salesEndAt', 'salesEndAt must not be after the event ends');
  }
  if (tier.salesStartAt && tier.salesEndAt && tier.salesEndAt <= tier.salesStartAt) {
    add('salesEndAt', 'salesEndAt must be after salesStartAt');
  }
  return errors;
}
