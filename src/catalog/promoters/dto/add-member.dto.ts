import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsEnum, MaxLength } from 'class-validator';
import { MemberRole } from '../../../access/member-role';

export class AddMemberDto {
  /** An existing account becomes a member at once; an unknown address is invited by email. */
  @ApiProperty({ example: 'door@moonlight.example' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  /** `staff` may only check tickets in; `manager` runs events; `owner` also manages the team. */
  @ApiProperty({ enum: MemberRole, enumName: 'MemberRole', example: MemberRole.Staff })
  @IsEnum(MemberRole)
  role: MemberRole;
}
