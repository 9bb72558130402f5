import { AttendeeDetailsPolicy, QuestionType } from '../../catalog/questions/question-type';
import {
  detailsRequired,
  missingDetails,
  pendingUnits,
  ticketUnits,
  withDrafts,
} from './attendee-requirements';

const rules = {
  policies: new Map([
    ['t1', AttendeeDetailsPolicy.Required],
    ['t2', AttendeeDetailsPolicy.Optional],
  ]),
  questions: [
    { id: 'q1', type: QuestionType.Checkbox, required: true, choices: [], tierIds: ['t2'] },
    { id: 'q2', type: QuestionType.Text, required: false, choices: [], tierIds: [] },
  ],
};

describe('attendee requirements', () => {
  it('knows which tiers need something before payment', () => {
    expect(detailsRequired(rules, ['t1'])).toBe(true);
    expect(detailsRequired(rules, ['t2'])).toBe(true);
    expect(detailsRequired(rules, ['t3'])).toBe(false);
  });

  it('lists what each pending unit lacks, from the drafts', () => {
    const units = pendingUnits(
      [
        { tierId: 't1', quantity: 2 },
        { tierId: 't2', quantity: 1 },
      ],
      [
        { tierId: 't1', unit: 1, name: 'Grace', email: 'grace@example.com', answers: {} },
        { tierId: 't2', unit: 0, name: null, email: null, answers: { q1: false } },
      ],
    );
    expect(missingDetails(units, rules)).toEqual([
      { tierId: 't1', unit: 0, ticketId: null, fields: ['name', 'email'] },
      { tierId: 't2', unit: 0, ticketId: null, fields: ['answers.q1'] },
    ]);
  });

  it('numbers tickets per tier and hands them their drafts, the buyer standing in for missing names', () => {
    const tickets = [
      { id: 'k1', tierId: 't1', attendeeName: '', attendeeEmail: '', answers: {} },
      { id: 'k2', tierId: 't1', attendeeName: '', attendeeEmail: '', answers: {} },
    ];
    withDrafts(
      tickets,
      [{ tierId: 't1', unit: 1, name: 'Grace', email: 'Grace@Example.com', answers: { q2: 'hi' } }],
      { name: 'Ada', email: 'ada@example.com' },
    );
    expect(tickets.map((t) => [t.attendeeName, t.attendeeEmail, t.answers])).toEqual([
      ['Ada', 'ada@example.com', {}],
      ['Grace', 'grace@example.com', { q2: 'hi' }],
    ]);
    expect(ticketUnits(tickets).map((u) => [u.ticketId, u.unit])).toEqual([
      ['k1', 0],
      ['k2', 1],
    ]);
  });
});
