import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { EmailVerificationModule } from '../users/email-verification/email-verification.module';
import { UsersModule } from '../users/users.module';
import { AccessRevocation } from './access-revocation.entity';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthSession } from './auth-session.entity';
import { LoginAttempts } from './login-attempts.service';
import { MfaChallenge } from './mfa/mfa-challenge.entity';
import { MfaChallengesService } from './mfa/mfa-challenges.service';
import { MfaController } from './mfa/mfa.controller';
import { MfaService } from './mfa/mfa.service';
import { RecoveryCode } from './mfa/recovery-code.entity';
import { SecondFactorPolicy } from './mfa/second-factor.policy';
import { UserMfa } from './mfa/user-mfa.entity';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { PasswordResetToken } from './password-reset-token.entity';
import { PasswordService } from './password.service';
import { RefreshTokenService } from './refresh-token.service';
import { RefreshToken } from './refresh-token.entity';
import { RolesGuard } from './roles.guard';
import { Revocations } from './revocations.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/**
 * Sign-in (with two-factor), sessions and passwords, the revocations every instance keeps in memory, and the
 * authentication and role guards (registered globally, in order, by the app module). The authentication guard also
 * takes promoters' API keys on the routes that accept them.
 */
@Module({
  imports: [
    UsersModule,
    ApiKeysModule,
    EmailVerificationModule,
    TypeOrmModule.forFeature([
      RefreshToken,
      PasswordResetToken,
      AccessRevocation,
      AuthSession,
      UserMfa,
      RecoveryCode,
      MfaChallenge,
    ]),
  ],
  controllers: [AuthController, SessionsController, MfaController],
  providers: [
    AuthService,
    SessionsService,
    PasswordService,
    AccessTokenService,
    RefreshTokenService,
    Revocations,
    LoginAttempts,
    MfaService,
    MfaChallengesService,
    SecondFactorPolicy,
    JwtAuthGuard,
    RolesGuard,
  ],
  exports: [
    AuthService,
    SessionsService,
    AccessTokenService,
    Revocations,
    SecondFactorPolicy,
    JwtAuthGuard,
    RolesGuard,
  ],
})
export class AuthModule {}
