import { FieldError } from '../events/event-schedule';
import { CHOICE_TYPES, QuestionType } from './question-type';

/** A question's own rules: choice types have choices, the others none. Tier membership is checked apart. */
export function questionFieldErrors(q: { type: QuestionType; choices: string[] }): FieldError[] {
  const choices = CHOICE_TYPES.includes(q.type);
  if (choices && q.choices.length === 0) {
    return [{ field: 'choices', errors: [`a ${q.type} question needs at least one choice`] }];
  }
  if (!choices && q.choices.length > 0) {
    return [{ field: 'choices', errors: [`a ${q.type} question takes no choices`] }];
  }
  if (q.choices.some((c) => c.length === 0) || new Set(q.choices).size !== q.choices.length) {
    return [{ field: 'choices', errors: ['choices must be distinct and not blank'] }];
  }
  return [];
}
