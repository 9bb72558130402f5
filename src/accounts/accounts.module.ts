import { Module } from '@nestjs/common';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { AdminUsersModule } from './users/admin-users.module';
import { EmailVerificationModule } from './users/email-verification/email-verification.module';
import { UsersModule } from './users/users.module';

/** Accounts: users, email verification, sign-in with two-factor and sessions, promoters' API keys, and the admin's user management. */
@Module({
  imports: [UsersModule, EmailVerificationModule, AuthModule, AdminUsersModule, ApiKeysModule],
  exports: [UsersModule, AuthModule, ApiKeysModule],
})
export class AccountsModule {}
