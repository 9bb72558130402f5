/**
 * The platform roles and what each may do. Object-level rules (a promoter member sees only their
 * promoter's events; a buyer only their own orders) live in the services, not here.
 */
export enum Role {
  Admin = 'admin',
  Promoter = 'promoter',
  Customer = 'customer',
}

export const ALL_ROLES: readonly Role[] = [Role.Admin, Role.Promoter, Role.Customer];

/** Who each role is, for the Swagger description and the README. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  [Role.Admin]: 'Operates the platform: approves promoters, manages users, reads the audit log and queues.',
  [Role.Promoter]:
    'A member of an approved promoter: publishes events and tiers, sees sales, checks tickets in.',
  [Role.Customer]: 'A buyer: holds and pays for tickets, joins waitlists, applies to become a promoter.',
};
