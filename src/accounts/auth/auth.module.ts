import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { UsersModule } from '../users/users.module';
import { AccessTokenService, JWT_AUDIENCE, JWT_ISSUER } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { PasswordResetToken } from './password-reset-token.entity';
import { PasswordService } from './password.service';
import { RefreshTokenService } from './refresh-token.service';
import { RefreshToken } from './refresh-token.entity';
import { RolesGuard } from './roles.guard';
import { SessionsService } from './sessions.service';

/**
 * Sign-in, sessions and passwords, plus the two global guards: authentication first, then roles. It must be
 * the first HTTP module so that guards registered later (the rate limiter) see `req.user`.
 */
@Module({
  imports: [
    UsersModule,
    PassportModule,
    TypeOrmModule.forFeature([RefreshToken, PasswordResetToken]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: {
          algorithm: 'HS256',
          expiresIn: config.auth.accessTtlSeconds,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    PasswordService,
    AccessTokenService,
    RefreshTokenService,
    JwtStrategy,
    JwtAuthGuard,
    RolesGuard,
  ],
  exports: [AuthService, SessionsService, AccessTokenService, JwtAuthGuard, RolesGuard],
})
export class AuthModule {}
