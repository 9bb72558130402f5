import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { FirstAdminBootstrap } from './first-admin.bootstrap';
import { UsersModule } from './users.module';

/** The admin's user management routes, and the first admin created at API boot. */
@Module({
  imports: [UsersModule, AuthModule],
  controllers: [AdminUsersController],
  providers: [AdminUsersService, FirstAdminBootstrap],
})
export class AdminUsersModule {}
