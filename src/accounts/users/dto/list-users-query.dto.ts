import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role } from '../../../platform/auth/roles';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { UserStatus } from '../user.entity';

/** Filters for `GET /admin/users`. Newest accounts first. */
export class ListUsersQueryDto extends PageQueryDto {
  /** Only users whose email contains this text (case-insensitive). */
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;

  /** Only users with this role. */
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  /** Only users with this status. */
  @IsOptional()
  @IsEnum(UserStatus)
  status?: UserStatus;
}
