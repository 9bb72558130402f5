import { QuestionType } from './question-type';

/** One answer, by its question's type: text, a choice and a date are strings; multiple choice an array; a checkbox a boolean. */
export type AnswerValue = string | string[] | boolean;

/** A ticket's (or a pending unit's) answers, keyed by question id. */
export type Answers = Record<string, AnswerValue>;

/** What answering needs of a question. */
export interface AskedQuestion {
  id: string;
  type: QuestionType;
  required: boolean;
  choices: string[];
  tierIds: string[];
}

/** Whether the question is asked for a ticket of `tierId`. */
export function asksTier(question: Pick<AskedQuestion, 'tierIds'>, tierId: string): boolean {
  return question.tierIds.length === 0 || question.tierIds.includes(tierId);
}

/** Whether `value` counts as an answer to a required question: non-empty text or choices, a ticked box. */
export function isAnswered(question: Pick<AskedQuestion, 'type'>, value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (question.type === QuestionType.Checkbox) return value === true;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'string' && value.trim().length > 0;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in `YYYY-MM-DD` (not 2030-02-30). */
function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Why `value` is not an answer the question accepts, or null when it is. */
export function answerError(
  question: Pick<AskedQuestion, 'type' | 'choices'>,
  value: unknown,
): string | null {
  switch (question.type) {
    case QuestionType.Text:
      return typeof value === 'string' && value.length <= 2000
        ? null
        : 'must be a string of at most 2000 characters';
    case QuestionType.SingleChoice:
      return typeof value === 'string' && question.choices.includes(value)
        ? null
        : `must be one of: ${question.choices.join(', ')}`;
    case QuestionType.MultipleChoice:
      return Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && question.choices.includes(v)) &&
        new Set(value).size === value.length
        ? null
        : `must be an array of distinct choices among: ${question.choices.join(', ')}`;
    case QuestionType.Checkbox:
      return typeof value === 'boolean' ? null : 'must be true or false';
    case QuestionType.Date:
      return typeof value === 'string' && isCalendarDate(value) ? null : 'must be a date as YYYY-MM-DD';
  }
}
