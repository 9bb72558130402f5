import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users.module';
import { EmailVerificationController } from './email-verification.controller';
import { EmailVerificationService } from './email-verification.service';
import { EmailVerificationToken } from './email-verification-token.entity';

/**
 * Email verification: the link sent at registration, `POST /auth/verify-email` and its resend. Import it to ask
 * whether a user may pay or apply as a promoter (`EmailVerificationService.assertCleared`).
 */
@Module({
  imports: [UsersModule, TypeOrmModule.forFeature([EmailVerificationToken])],
  controllers: [EmailVerificationController],
  providers: [EmailVerificationService],
  exports: [EmailVerificationService],
})
export class EmailVerificationModule {}
