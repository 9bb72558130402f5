import { Body, Controller, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { normalizeLocale } from '../../platform/i18n/locales';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('me')
export class ProfileController {
  constructor(private readonly users: UsersService) {}

  @Patch()
  @Auth()
  @ApiOperation({
    operationId: 'updateProfile',
    summary: "Change the signed-in user's settings: the locale of their emails",
  })
  @ApiOkResponse({ type: UserDto })
  async update(
    @CurrentUser() caller: AuthUser,
    @Body() dto: UpdateProfileDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<UserDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new DomainError('TOKEN_INVALID', 'The account no longer exists');
    return UserDto.from(await this.users.changeLocale(user, normalizeLocale(dto.locale)!, meta));
  }
}
