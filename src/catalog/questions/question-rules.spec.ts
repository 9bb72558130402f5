import { questionFieldErrors } from './question-rules';
import { QuestionType } from './question-type';

describe('question rules', () => {
  it('wants choices for choice types only, distinct and not blank', () => {
    expect(questionFieldErrors({ type: QuestionType.SingleChoice, choices: ['S', 'M'] })).toEqual([]);
    expect(questionFieldErrors({ type: QuestionType.MultipleChoice, choices: [] })).toEqual([
      { field: 'choices', errors: ['a multiple_choice question needs at least one choice'] },
    ]);
    expect(questionFieldErrors({ type: QuestionType.Date, choices: ['x'] })).toEqual([
      { field: 'choices', errors: ['a date question takes no choices'] },
    ]);
    expect(questionFieldErrors({ type: QuestionType.SingleChoice, choices: ['S', 'S'] })[0].field).toBe(
      'choices',
    );
    expect(questionFieldErrors({ type: QuestionType.SingleChoice, choices: ['S', ''] })[0].field).toBe(
      'choices',
    );
  });
});
