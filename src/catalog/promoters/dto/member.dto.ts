import { ApiProperty } from '@nestjs/swagger';
import { MemberRole } from '../../../access/member-role';
import { ApiUuid } from '../../../platform/http/api-types';

export enum MembershipStatus {
  Active = 'active',
  Invited = 'invited',
}

/** A team member, or an invited address that has not registered yet. */
export class MemberDto {
  /** Null while the address is only invited. */
  @ApiUuid({ nullable: true })
  userId: string | null;
  @ApiProperty({ example: 'door@moonlight.example' })
  email: string;
  /** Null while the address is only invited. */
  @ApiProperty({ type: String, nullable: true })
  name: string | null;
  @ApiProperty({ enum: MemberRole, enumName: 'MemberRole' })
  role: MemberRole;
  @ApiProperty({ enum: MembershipStatus, enumName: 'MembershipStatus' })
  status: MembershipStatus;
  /** When the member joined or the invite was sent. */
  createdAt: Date;
  /** When an invite lapses; null for members. */
  @ApiProperty({ type: Date, nullable: true })
  inviteExpiresAt: Date | null;
}
