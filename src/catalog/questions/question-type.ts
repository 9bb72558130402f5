/** The kinds of custom question, and the answer each takes. */
export enum QuestionType {
  /** A string (at most 2000 characters). */
  Text = 'text',
  /** One of the question's choices. */
  SingleChoice = 'single_choice',
  /** Any of the question's choices, as an array (a required one needs at least one). */
  MultipleChoice = 'multiple_choice',
  /** `true` or `false`; a required checkbox must be ticked (`true`), like accepting terms. */
  Checkbox = 'checkbox',
  /** A calendar date, `YYYY-MM-DD`. */
  Date = 'date',
}

/** The types whose answers come from `choices`. */
export const CHOICE_TYPES: readonly QuestionType[] = [QuestionType.SingleChoice, QuestionType.MultipleChoice];

/** Whether attendee name and email must be given before payment, for each ticket of a tier. */
export enum AttendeeDetailsPolicy {
  None = 'none',
  Optional = 'optional',
  Required = 'required',
}
