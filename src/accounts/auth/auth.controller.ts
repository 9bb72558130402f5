import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Auth, CurrentUser, Public, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { AuthRateLimit } from '../../platform/rate-limit/rate-limit.decorators';
import { UserDto } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import { AcceptedDto } from './dto/accepted.dto';
import { AuthSessionDto } from './dto/auth-session.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { ForgotPasswordDto } from './dto/forgot-password.dto';
import { LoginDto } from './dto/login.dto';
import { LogoutDto } from './dto/logout.dto';
import { MfaChallengeDto } from './mfa/dto/mfa.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisterDto } from './dto/register.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { PasswordService } from './password.service';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordService,
  ) {}

  @Post('register')
  @Public()
  @AuthRateLimit()
  @ApiOperation({
    operationId: 'register',
    summary: 'Create a customer account and sign in',
    description: "The account's locale (the language of its emails) is the best match of `Accept-Language`.",
  })
  @ApiHeader({ name: 'accept-language', required: false, example: 'fr-FR,fr;q=0.9,en;q=0.8' })
  @ApiCreatedResponse({ type: AuthSessionDto })
  @ApiErrors('WEAK_PASSWORD', 'EMAIL_TAKEN')
  register(
    @Body() dto: RegisterDto,
    @ReqMeta() meta: RequestMeta,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<AuthSessionDto> {
    return this.auth.register(dto, meta, acceptLanguage);
  }

  @Post('login')
  @Public()
  @AuthRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'login',
    summary: 'Sign in with email and password (locks after repeated failures)',
    description:
      'Answers a session, or, when the account has two-factor sign-in on, `{ mfaRequired: true, challenge, ' +
      'expiresIn }`: send the challenge with a code to `POST /auth/mfa/verify` to get the session.',
  })
  @ApiExtraModels(AuthSessionDto, MfaChallengeDto)
  @ApiOkResponse({
    description: 'A session, or a two-factor challenge',
    schema: { oneOf: [{ $ref: getSchemaPath(AuthSessionDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] },
  })
  @ApiErrors('INVALID_CREDENTIALS')
  login(@Body() dto: LoginDto, @ReqMeta() meta: RequestMeta): Promise<AuthSessionDto | MfaChallengeDto> {
    return this.auth.login(dto, meta);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'refreshSession',
    summary: 'Exchange a refresh token for a new session (the token rotates)',
  })
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiErrors('TOKEN_INVALID', 'REFRESH_TOKEN_REUSED')
  refresh(@Body() dto: RefreshDto, @ReqMeta() meta: RequestMeta): Promise<AuthSessionDto> {
    return this.sessions.refresh(dto.refreshToken, meta);
  }

  @Post('logout')
  @Auth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'logout',
    summary: 'Sign out: revoke this access token and, if given, the refresh token',
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@CurrentUser() user: AuthUser, @Body() dto: LogoutDto): Promise<void> {
    await this.sessions.logout(user, dto.refreshToken);
  }

  @Get('me')
  @Auth()
  @ApiOperation({ operationId: 'getCurrentUser', summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.auth.me(user);
  }

  @Post('password/forgot')
  @Public()
  @AuthRateLimit()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'requestPasswordReset',
    summary: 'Email a password-reset link (same answer whether or not the account exists)',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  async forgot(@Body() dto: ForgotPasswordDto, @ReqMeta() meta: RequestMeta): Promise<AcceptedDto> {
    await this.passwords.forgot(dto.email, meta);
    return { message: 'If an account exists for this email, a reset link is on its way.' };
  }

  @Post('password/reset')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'resetPassword',
    summary: 'Set a new password with the emailed token; signs out every session',
  })
  @ApiNoContentResponse({ description: 'Password changed; sign in with the new password' })
  @ApiErrors('PASSWORD_RESET_INVALID', 'WEAK_PASSWORD')
  async reset(@Body() dto: ResetPasswordDto, @ReqMeta() meta: RequestMeta): Promise<void> {
    await this.passwords.reset(dto, meta);
  }

  @Post('password/change')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change the password; signs out every other session and returns a new one',
  })
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiErrors('WEAK_PASSWORD', 'INVALID_CREDENTIALS')
  change(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AuthSessionDto> {
    return this.passwords.change(user, dto, meta);
  }
}
