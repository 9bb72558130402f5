import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { AdminUsersModule } from './users/admin-users.module';
import { EmailVerificationModule } from './users/email-verification/email-verification.module';
import { UsersModule } from './users/users.module';

/** Accounts: users, email verification, sign-in with two-factor and sessions, and the admin's user management. */
@Module({
  imports: [UsersModule, EmailVerificationModule, AuthModule, AdminUsersModule],
  exports: [UsersModule, AuthModule],
})
export class AccountsModule {}
