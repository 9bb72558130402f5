import { DomainError } from '../../platform/errors/domain-error';

export enum PromoterStatus {
  Pending = 'pending',
  Approved = 'approved',
  Rejected = 'rejected',
  Suspended = 'suspended',
}

/** The admin moves, each named by its route (`POST /admin/promoters/{id}/<action>`). */
export type PromoterAction = 'approve' | 'reject' | 'suspend' | 'reinstate';

/**
 * The promoter state machine, in one place: `pending` → `approved` or `rejected`; `approved` ↔ `suspended`.
 * A rejected promoter stays rejected: the applicant applies again instead.
 */
export const PROMOTER_TRANSITIONS: Record<PromoterAction, { from: PromoterStatus; to: PromoterStatus }> = {
  approve: { from: PromoterStatus.Pending, to: PromoterStatus.Approved },
  reject: { from: PromoterStatus.Pending, to: PromoterStatus.Rejected },
  suspend: { from: PromoterStatus.Approved, to: PromoterStatus.Suspended },
  reinstate: { from: PromoterStatus.Suspended, to: PromoterStatus.Approved },
};

/** The status `action` leads to from `from`; 409 INVALID_STATE_TRANSITION when the move is illegal. */
export function promoterTransition(from: PromoterStatus, action: PromoterAction): PromoterStatus {
  const move = PROMOTER_TRANSITIONS[action];
  if (move.from !== from) {
    throw new DomainError(
      'INVALID_STATE_TRANSITION',
      `A ${from} promoter cannot be moved to ${move.to} (${action})`,
      { from, to: move.to, action },
    );
  }
  return move.to;
}

/** Only an approved promoter creates, publishes or sells events: 403 PROMOTER_NOT_APPROVED otherwise. */
export function assertPromoterApproved(promoter: { id: string; status: PromoterStatus }): void {
  if (promoter.status !== PromoterStatus.Approved) {
    throw new DomainError('PROMOTER_NOT_APPROVED', `The promoter is ${promoter.status}, not approved`, {
      promoterId: promoter.id,
      status: promoter.status,
    });
  }
}
