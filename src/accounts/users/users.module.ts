import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { PasswordPolicy } from '../auth/password-policy';
import { ProfileController } from './profile.controller';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Accounts and their passwords, and the user's own settings (`PATCH /me`). Import it to look users up or change
 * a role (e.g. on promoter approval).
 */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [ProfileController],
  providers: [UsersService, PasswordPolicy, PasswordHasher],
  exports: [UsersService, PasswordPolicy],
})
export class UsersModule {}
