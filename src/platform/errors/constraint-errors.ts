import { DomainError } from './domain-error';

/**
 * What a violated database constraint means to a client, by constraint name. The constraints are the last line
 * of defence behind the services' own checks, so reaching one is rare and always a race the service lost; the
 * answer names the rule, never the SQL. An unlisted constraint is a 409 CONFLICT that says which kind it was.
 */
const BY_NAME: Record<string, () => DomainError> = {
  chk_ticket_tiers_inventory: () =>
    new DomainError('INSUFFICIENT_INVENTORY', 'Not enough units are available'),
  chk_promo_codes_uses: () =>
    new DomainError('CODE_EXHAUSTED', 'The code has no uses left', { reason: 'max_uses' }),
  uq_promo_codes_event_code: () =>
    new DomainError('CONFLICT', 'The event already has a code with this text (codes ignore case)'),
  uq_waitlist_entries_active: () =>
    new DomainError('ALREADY_ON_WAITLIST', 'You are already on the waitlist for this tier'),
  uq_users_email_lower: () => new DomainError('EMAIL_TAKEN', 'An account with this email already exists'),
  uq_promoter_members_promoter_user: () =>
    new DomainError('CONFLICT', 'This user is already a member of the promoter'),
  uq_promoter_invites_pending: () =>
    new DomainError('CONFLICT', 'This address already has a pending invite to the promoter'),
};

const GENERIC: Record<string, string> = {
  '23505': 'The object already exists',
  '23514': 'The change breaks a rule of the data',
  '23503': 'The change refers to an object that does not exist or is still in use',
  '23P01': 'The change overlaps an existing object',
};

/** The client's error for a Postgres integrity violation (SQLSTATE class 23), or undefined for anything else. */
export function fromConstraintViolation(
  pgCode: string | undefined,
  constraint: string | undefined,
): DomainError | undefined {
  if (!pgCode?.startsWith('23')) return undefined;
  const known = constraint ? BY_NAME[constraint] : undefined;
  if (known) return known();
  return new DomainError('CONFLICT', GENERIC[pgCode] ?? 'The change conflicts with existing data');
}
