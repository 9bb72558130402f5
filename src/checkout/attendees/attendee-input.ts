import { Answers, AnswerValue, AskedQuestion, answerError, asksTier } from '../../catalog/questions/answers';
import type { FieldError } from '../../catalog/events/event-schedule';

/**
 * Answers for a ticket of `tierId`, checked against the event's live questions: each names a question asked for
 * that tier, at most once, with a value of the question's type (and among its choices). Errors carry the
 * field path after `prefix` (`attendees.0.`, or nothing), as VALIDATION_FAILED does everywhere.
 */
export function parseAnswers(
  given: Array<{ questionId: string; value: unknown }>,
  tierId: string,
  questions: AskedQuestion[],
  prefix: string,
): { answers: Answers; errors: FieldError[] } {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answers: Answers = {};
  const errors: FieldError[] = [];
  given.forEach((a, j) => {
    const question = byId.get(a.questionId);
    if (!question || !asksTier(question, tierId)) {
      errors.push({
        field: `${prefix}answers.${j}.questionId`,
        errors: ['not a question asked for this ticket'],
      });
    } else if (a.questionId in answers) {
      errors.push({ field: `${prefix}answers.${j}.questionId`, errors: ['answered twice'] });
    } else {
      const error = answerError(question, a.value);
      if (error) errors.push({ field: `${prefix}answers.${j}.value`, errors: [error] });
      else answers[a.questionId] = a.value as AnswerValue;
    }
  });
  return { answers, errors };
}

/** The stored answers to show: those of live questions, in the questions' order. */
export function shownAnswers(
  answers: Answers,
  questions: AskedQuestion[],
): Array<{ questionId: string; value: AnswerValue }> {
  return questions.filter((q) => q.id in answers).map((q) => ({ questionId: q.id, value: answers[q.id] }));
}
