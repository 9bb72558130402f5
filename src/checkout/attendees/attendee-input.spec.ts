import { QuestionType } from '../../catalog/questions/question-type';
import { parseAnswers, shownAnswers } from './attendee-input';

const questions = [
  { id: 'q1', type: QuestionType.SingleChoice, required: true, choices: ['S', 'M'], tierIds: [] },
  { id: 'q2', type: QuestionType.Date, required: false, choices: [], tierIds: ['vip'] },
];

describe('attendee input', () => {
  it('keeps valid answers and names the path of every bad one', () => {
    const { answers, errors } = parseAnswers(
      [
        { questionId: 'q1', value: 'M' },
        { questionId: 'q2', value: '2030-01-01' },
        { questionId: 'q1', value: 'S' },
        { questionId: 'nope', value: 'x' },
      ],
      'standing',
      questions,
      'attendees.3.',
    );
    expect(answers).toEqual({ q1: 'M' });
    expect(errors).toEqual([
      { field: 'attendees.3.answers.1.questionId', errors: ['not a question asked for this ticket'] },
      { field: 'attendees.3.answers.2.questionId', errors: ['answered twice'] },
      { field: 'attendees.3.answers.3.questionId', errors: ['not a question asked for this ticket'] },
    ]);
  });

  it('refuses a value of the wrong type', () => {
    const { errors } = parseAnswers([{ questionId: 'q2', value: '2030-02-30' }], 'vip', questions, '');
    expect(errors).toEqual([{ field: 'answers.0.value', errors: ['must be a date as YYYY-MM-DD'] }]);
  });

  it('shows the answers of live questions in their order', () => {
    expect(shownAnswers({ q2: '2030-01-01', gone: 'x', q1: 'S' }, questions)).toEqual([
      { questionId: 'q1', value: 'S' },
      { questionId: 'q2', value: '2030-01-01' },
    ]);
  });
});
