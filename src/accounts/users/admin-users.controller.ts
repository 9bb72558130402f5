import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../platform/auth/roles';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import { AdminUsersService } from './admin-users.service';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly adminUsers: AdminUsersService,
  ) {}

  @Get()
  @Auth(Role.Admin)
  @ApiOperation({
    operationId: 'listUsers',
    summary: 'List users, newest first; filter by email (contains), role and status',
  })
  @ApiPage(UserDto)
  async list(@Query() query: ListUsersQueryDto): Promise<PageDto<UserDto>> {
    const [users, total] = await this.users.list(query);
    return toPage(users.map(UserDto.from), total, query);
  }

  @Patch(':id')
  @Auth(Role.Admin)
  @ApiOperation({
    operationId: 'updateUser',
    summary: "Change a user's role or status (disabling signs them out everywhere)",
  })
  @ApiIdParam()
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('CANNOT_MODIFY_SELF')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() actor: AuthUser,
    @ReqMeta() meta: RequestMeta,
  ): Promise<UserDto> {
    return UserDto.from(await this.adminUsers.update(actor, id, dto, meta));
  }
}
