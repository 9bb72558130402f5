import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { Role } from '../../../platform/auth/roles';
import { UserStatus } from '../user.entity';

/** What an admin may change on an account. Disabling signs the user out everywhere. */
export class UpdateUserDto {
  /** The new role. */
  @ApiProperty({ enum: Role, enumName: 'Role', required: false, example: Role.Promoter })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  /** `disabled` blocks sign-in and revokes every session; `active` lets the user sign in again. */
  @ApiProperty({ enum: UserStatus, enumName: 'UserStatus', required: false, example: UserStatus.Disabled })
  @IsOptional()
  @IsEnum(UserStatus)
  status?: UserStatus;
}
