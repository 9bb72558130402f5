import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, Public, ReqMeta } from '../../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../../platform/auth/auth-user';
import { ApiErrors } from '../../../platform/http/api-errors.decorator';
import { AcceptedDto } from '../../auth/dto/accepted.dto';
import { EmailVerificationService } from './email-verification.service';
import { VerifyEmailDto } from './verify-email.dto';

@ApiTags('auth')
@Controller('auth/verify-email')
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'verifyEmail',
    summary: "Verify the account's email address with the emailed link's token (works once)",
  })
  @ApiNoContentResponse({ description: 'The address is verified' })
  @ApiErrors('EMAIL_VERIFICATION_INVALID')
  async verify(@Body() dto: VerifyEmailDto, @ReqMeta() meta: RequestMeta): Promise<void> {
    await this.verification.verify(dto.token, meta);
  }

  @Post('resend')
  @Auth()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'resendVerificationEmail',
    summary: 'Email a new verification link (at most one per EMAIL_VERIFICATION_RESEND_SECONDS)',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiErrors('EMAIL_ALREADY_VERIFIED', 'RATE_LIMITED')
  async resend(@CurrentUser() user: AuthUser, @ReqMeta() meta: RequestMeta): Promise<AcceptedDto> {
    await this.verification.resend(user, meta);
    return { message: 'A new verification link is on its way.' };
  }
}
