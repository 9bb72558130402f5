import { answerError, asksTier, isAnswered } from './answers';
import { QuestionType } from './question-type';

const q = (type: QuestionType, choices: string[] = []) => ({ type, choices });

describe('answers', () => {
  it('checks each type of answer', () => {
    expect(answerError(q(QuestionType.Text), 'Vegetarian')).toBeNull();
    expect(answerError(q(QuestionType.Text), 12)).toBe('must be a string of at most 2000 characters');
    expect(answerError(q(QuestionType.SingleChoice, ['S', 'M']), 'M')).toBeNull();
    expect(answerError(q(QuestionType.SingleChoice, ['S', 'M']), 'XL')).toBe('must be one of: S, M');
    expect(answerError(q(QuestionType.MultipleChoice, ['a', 'b']), ['a', 'b'])).toBeNull();
    expect(answerError(q(QuestionType.MultipleChoice, ['a', 'b']), ['a', 'a'])).toMatch(/distinct/);
    expect(answerError(q(QuestionType.MultipleChoice, ['a', 'b']), 'a')).toMatch(/array/);
    expect(answerError(q(QuestionType.Checkbox), true)).toBeNull();
    expect(answerError(q(QuestionType.Checkbox), 'yes')).toBe('must be true or false');
    expect(answerError(q(QuestionType.Date), '1990-02-28')).toBeNull();
    expect(answerError(q(QuestionType.Date), '1990-02-30')).toBe('must be a date as YYYY-MM-DD');
    expect(answerError(q(QuestionType.Date), '28/02/1990')).toBe('must be a date as YYYY-MM-DD');
  });

  it('counts only real answers for required questions: text, choices, a ticked box', () => {
    expect(isAnswered(q(QuestionType.Text), '  ')).toBe(false);
    expect(isAnswered(q(QuestionType.Text), 'x')).toBe(true);
    expect(isAnswered(q(QuestionType.MultipleChoice), [])).toBe(false);
    expect(isAnswered(q(QuestionType.Checkbox), false)).toBe(false);
    expect(isAnswered(q(QuestionType.Checkbox), true)).toBe(true);
    expect(isAnswered(q(QuestionType.Date), undefined)).toBe(false);
  });

  it('asks a question for the tiers it names, or for all', () => {
    expect(asksTier({ tierIds: [] }, 't1')).toBe(true);
    expect(asksTier({ tierIds: ['t2'] }, 't1')).toBe(false);
  });
});
