import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { AdminUsersModule } from './users/admin-users.module';
import { UsersModule } from './users/users.module';

/** Accounts: users, sign-in and sessions, and the admin's user management. */
@Module({ imports: [UsersModule, AuthModule, AdminUsersModule], exports: [UsersModule, AuthModule] })
export class AccountsModule {}
