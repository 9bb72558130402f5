import { Module } from '@nestjs/common';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { AdminUsersModule } from './users/admin-users.module';
import { UsersModule } from './users/users.module';

/** Accounts: users, sign-in and sessions, promoters' API keys, and the admin's user management. */
@Module({
  imports: [UsersModule, AuthModule, AdminUsersModule, ApiKeysModule],
  exports: [UsersModule, AuthModule, ApiKeysModule],
})
export class AccountsModule {}
