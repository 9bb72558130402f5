import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, Public, ReqMeta } from '../../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../../platform/auth/auth-user';
import { ApiErrors } from '../../../platform/http/api-errors.decorator';
import { AuthRateLimit } from '../../../platform/rate-limit/rate-limit.decorators';
import { AuthSessionDto } from '../dto/auth-session.dto';
import {
  MfaEnrolmentDto,
  MfaStatusDto,
  RecoveryCodesDto,
  SecondFactorCodeDto,
  TotpCodeDto,
  VerifyMfaDto,
} from './dto/mfa.dto';
import { MfaChallengesService } from './mfa-challenges.service';
import { MfaService } from './mfa.service';

@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(
    private readonly mfa: MfaService,
    private readonly challenges: MfaChallengesService,
  ) {}

  @Get()
  @Auth()
  @ApiOperation({ operationId: 'getMfaStatus', summary: "Whether the caller's two-factor sign-in is on" })
  @ApiOkResponse({ type: MfaStatusDto })
  status(@CurrentUser() user: AuthUser): Promise<MfaStatusDto> {
    return this.mfa.status(user);
  }

  @Post('enrol')
  @Auth()
  @ApiOperation({
    operationId: 'enrolMfa',
    summary: 'Start two-factor enrolment: a TOTP secret, its otpauth:// URI and QR code (shown only now)',
    description: 'Starting again replaces a pending enrolment. Confirm with `POST /auth/mfa/confirm`.',
  })
  @ApiCreatedResponse({ type: MfaEnrolmentDto })
  @ApiErrors('MFA_ALREADY_ENABLED')
  enrol(@CurrentUser() user: AuthUser, @ReqMeta() meta: RequestMeta): Promise<MfaEnrolmentDto> {
    return this.mfa.enrol(user, meta);
  }

  @Post('confirm')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'confirmMfa',
    summary: 'Turn two-factor on with a first code; answers ten single-use recovery codes, shown once',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiErrors('MFA_CODE_INVALID', 'MFA_ALREADY_ENABLED', 'MFA_NOT_ENABLED')
  confirm(
    @CurrentUser() user: AuthUser,
    @Body() dto: TotpCodeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<RecoveryCodesDto> {
    return this.mfa.confirm(user, dto.code, meta);
  }

  @Post('recovery-codes')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'regenerateRecoveryCodes',
    summary: 'Replace the recovery codes (the old ones stop working); needs a fresh code',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiErrors('MFA_CODE_INVALID', 'MFA_NOT_ENABLED')
  regenerate(
    @CurrentUser() user: AuthUser,
    @Body() dto: SecondFactorCodeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<RecoveryCodesDto> {
    return this.mfa.regenerateRecoveryCodes(user, dto.code, meta);
  }

  @Post('disable')
  @Auth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'disableMfa',
    summary:
      'Turn two-factor off; needs a fresh TOTP or recovery code (wrong codes count towards the lockout)',
  })
  @ApiNoContentResponse({ description: 'Two-factor sign-in is off' })
  @ApiErrors('MFA_CODE_INVALID', 'MFA_NOT_ENABLED')
  async disable(
    @CurrentUser() user: AuthUser,
    @Body() dto: SecondFactorCodeDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.mfa.disable(user, dto.code, meta);
  }

  @Post('verify')
  @Public()
  @AuthRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'verifyMfa',
    summary: 'Complete a two-factor sign-in: the challenge from POST /auth/login and a TOTP or recovery code',
    description:
      'A wrong code counts towards the account lockout, like a wrong password. The challenge lasts five ' +
      'minutes and survives wrong codes until then.',
  })
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiErrors('MFA_CHALLENGE_INVALID', 'MFA_CODE_INVALID', 'INVALID_CREDENTIALS')
  verify(@Body() dto: VerifyMfaDto, @ReqMeta() meta: RequestMeta): Promise<AuthSessionDto> {
    return this.challenges.verify(dto, meta);
  }
}
