import { EmailVerificationModule } from '../../accounts/users/email-verification/email-verification.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../../accounts/users/users.module';
import { AdminPromotersController } from './admin-promoters.controller';
import { PromoterInvite } from './promoter-invite.entity';
import { PromoterInvitesService } from './promoter-invites.service';
import { PromoterMember } from '../../access/promoter-member.entity';
import { PromoterMembersService } from './promoter-members.service';
import { PromoterModerationService } from './promoter-moderation.service';
import { Promoter } from './promoter.entity';
import { PromotersController } from './promoters.controller';
import { PromotersService } from './promoters.service';

/**
 * Promoters, their teams and the admin review. Registration accepts pending invites through the
 * `UserRegistered` event (PromoterInvitesService).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Promoter, PromoterMember, PromoterInvite]),
    UsersModule,
    EmailVerificationModule,
  ],
  controllers: [PromotersController, AdminPromotersController],
  providers: [PromotersService, PromoterMembersService, PromoterInvitesService, PromoterModerationService],
  exports: [PromoterInvitesService],
})
export class PromotersModule {}
