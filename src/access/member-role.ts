/** A member's role within one promoter. `staff` may only check tickets in; `manager` and `owner` run events. */
export enum MemberRole {
  Owner = 'owner',
  Manager = 'manager',
  Staff = 'staff',
}

/** Higher ranks include the powers of lower ones. */
const RANK: Record<MemberRole, number> = {
  [MemberRole.Staff]: 1,
  [MemberRole.Manager]: 2,
  [MemberRole.Owner]: 3,
};

export function roleAtLeast(role: MemberRole, minimum: MemberRole): boolean {
  return RANK[role] >= RANK[minimum];
}
