import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../../platform/auth/roles';
import { User, UserStatus } from '../user.entity';
import { ApiUuid } from '../../../platform/http/api-types';

/** A user as the API shows it. Never the password hash or the lockout counters. */
export class UserDto {
  @ApiUuid({ example: '5f0c2c4e-8f5a-4c1e-9a57-3f0f7f6b2a10' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ enum: Role, enumName: 'Role', example: Role.Customer })
  role: Role;

  @ApiProperty({ enum: UserStatus, enumName: 'UserStatus', example: UserStatus.Active })
  status: UserStatus;

  /** The language (and region) of the user's emails: `en`, `fr` or `pt`, optionally with a region (`pt-BR`). */
  @ApiProperty({ example: 'fr-FR' })
  locale: string;

  /** The owner followed the emailed verification link. */
  emailVerified: boolean;

  createdAt: Date;
  updatedAt: Date;

  static from(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      status: user.status,
      locale: user.locale,
      emailVerified: Boolean(user.emailVerifiedAt),
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
  }
}
