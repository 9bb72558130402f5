import { DomainError } from '../../platform/errors/domain-error';
import { PromoterAction, PromoterStatus, promoterTransition } from './promoter-status';

const ALL_STATUSES = Object.values(PromoterStatus);
const LEGAL: Array<[PromoterStatus, PromoterAction, PromoterStatus]> = [
  [PromoterStatus.Pending, 'approve', PromoterStatus.Approved],
  [PromoterStatus.Pending, 'reject', PromoterStatus.Rejected],
  [PromoterStatus.Approved, 'suspend', PromoterStatus.Suspended],
  [PromoterStatus.Suspended, 'reinstate', PromoterStatus.Approved],
];

describe('promoter state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, action, to) => {
    expect(promoterTransition(from, action)).toBe(to);
  });

  const illegal = (['approve', 'reject', 'suspend', 'reinstate'] as PromoterAction[]).flatMap((action) =>
    ALL_STATUSES.filter((from) => !LEGAL.some(([f, a]) => f === from && a === action)).map(
      (from) => [from, action] as const,
    ),
  );

  it.each(illegal)('refuses %s --%s-->', (from, action) => {
    try {
      promoterTransition(from, action);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'INVALID_STATE_TRANSITION', status: 409 });
      expect((err as DomainError).details).toMatchObject({ from, action });
    }
  });
});
