import { Answers, AskedQuestion, asksTier, isAnswered } from '../../catalog/questions/answers';
import { AttendeeDetailsPolicy } from '../../catalog/questions/question-type';
import type { AttendeeDraft } from './attendee-draft';

/** One unit of an order as the attendee rules see it: a pending unit (no ticket yet) or a ticket. */
export interface AttendeeUnit {
  tierId: string;
  /** Which unit of the tier in the order, from 0. */
  unit: number;
  ticketId: string | null;
  name: string | null;
  email: string | null;
  answers: Answers;
}

/** A unit with something required missing: `name`, `email`, or `answers.<questionId>`. */
export interface MissingDetails {
  tierId: string;
  unit: number;
  ticketId: string | null;
  fields: string[];
}

/** What the rules read of an event: each tier's attendee policy and the live questions. */
export interface AttendeeRules {
  policies: Map<string, AttendeeDetailsPolicy>;
  questions: AskedQuestion[];
}

/** Whether anything must be given for these tiers before payment. */
export function detailsRequired(rules: AttendeeRules, tierIds: string[]): boolean {
  return tierIds.some(
    (tierId) =>
      rules.policies.get(tierId) === AttendeeDetailsPolicy.Required ||
      rules.questions.some((q) => q.required && asksTier(q, tierId)),
  );
}

/** Every required thing a unit lacks, unit by unit (units lacking nothing are left out). */
export function missingDetails(units: AttendeeUnit[], rules: AttendeeRules): MissingDetails[] {
  return units.flatMap((u) => {
    const fields: string[] = [];
    if (rules.policies.get(u.tierId) === AttendeeDetailsPolicy.Required) {
      if (!u.name?.trim()) fields.push('name');
      if (!u.email?.trim()) fields.push('email');
    }
    for (const q of rules.questions) {
      if (q.required && asksTier(q, u.tierId) && !isAnswered(q, u.answers[q.id]))
        fields.push(`answers.${q.id}`);
    }
    return fields.length > 0 ? [{ tierId: u.tierId, unit: u.unit, ticketId: u.ticketId, fields }] : [];
  });
}

/** The units of a pending order: one per unit of each item, with what its draft says. */
export function pendingUnits(
  items: Array<{ tierId: string; quantity: number }>,
  drafts: AttendeeDraft[],
): AttendeeUnit[] {
  const byUnit = new Map(drafts.map((d) => [`${d.tierId}:${d.unit}`, d]));
  return items.flatMap((item) =>
    Array.from({ length: item.quantity }, (_, unit) => {
      const draft = byUnit.get(`${item.tierId}:${unit}`);
      return {
        tierId: item.tierId,
        unit,
        ticketId: null,
        name: draft?.name ?? null,
        email: draft?.email ?? null,
        answers: draft?.answers ?? {},
      };
    }),
  );
}

/** Tickets as units: numbered per tier in the order given (the order's tickets sorted by creation). */
export function ticketUnits(
  tickets: Array<{
    id: string;
    tierId: string;
    attendeeName: string;
    attendeeEmail: string;
    answers: Answers;
  }>,
): AttendeeUnit[] {
  const seen = new Map<string, number>();
  return tickets.map((t) => {
    const unit = seen.get(t.tierId) ?? 0;
    seen.set(t.tierId, unit + 1);
    return {
      tierId: t.tierId,
      unit,
      ticketId: t.id,
      name: t.attendeeName,
      email: t.attendeeEmail,
      answers: t.answers,
    };
  });
}

/**
 * Gives freshly prepared tickets (in item order, `quantity` per item) the details their units' drafts hold; a
 * unit without a name or email gets the buyer's, so every ticket names someone at the door.
 */
export function withDrafts<
  T extends { tierId: string; attendeeName: string; attendeeEmail: string; answers: Answers },
>(tickets: T[], drafts: AttendeeDraft[], buyer: { name: string; email: string }): T[] {
  const byUnit = new Map(drafts.map((d) => [`${d.tierId}:${d.unit}`, d]));
  const seen = new Map<string, number>();
  return tickets.map((t) => {
    const unit = seen.get(t.tierId) ?? 0;
    seen.set(t.tierId, unit + 1);
    const draft = byUnit.get(`${t.tierId}:${unit}`);
    return Object.assign(t, {
      attendeeName: draft?.name?.trim() || buyer.name,
      attendeeEmail: (draft?.email?.trim() || buyer.email).toLowerCase(),
      answers: draft?.answers ?? {},
    });
  });
}
