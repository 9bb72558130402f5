import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { PasswordPolicy } from '../auth/password-policy';
import { EmailVerificationController } from './email-verification/email-verification.controller';
import { EmailVerificationService } from './email-verification/email-verification.service';
import { EmailVerificationToken } from './email-verification/email-verification-token.entity';
import { ProfileController } from './profile.controller';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Accounts and their passwords, email verification, and the user's own settings (`PATCH /me`). Import it to look users up or change
 * a role (e.g. on promoter approval).
 */
@Module({
  imports: [TypeOrmModule.forFeature([User, EmailVerificationToken])],
  controllers: [ProfileController, EmailVerificationController],
  providers: [UsersService, PasswordPolicy, PasswordHasher, EmailVerificationService],
  exports: [UsersService, PasswordPolicy, EmailVerificationService],
})
export class UsersModule {}
