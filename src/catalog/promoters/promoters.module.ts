import { EmailVerificationModule } from '../../accounts/users/email-verification/email-verification.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '../../accounts/api-keys/api-keys.module';
import { UsersModule } from '../../accounts/users/users.module';
import { AdminPromotersController } from './admin-promoters.controller';
import { PromoterApiKeysController } from './promoter-api-keys.controller';
import { PromoterApiKeysService } from './promoter-api-keys.service';
import { PromoterInvite } from './promoter-invite.entity';
import { PromoterInvitesService } from './promoter-invites.service';
import { PromoterMember } from '../../access/promoter-member.entity';
import { PromoterMembersService } from './promoter-members.service';
import { PromoterModerationService } from './promoter-moderation.service';
import { Promoter } from './promoter.entity';
import { PromotersController } from './promoters.controller';
import { PromotersService } from './promoters.service';

/**
 * Promoters, their teams, their API keys (the keys live in accounts/) and the admin review. Registration accepts pending invites through the
 * `UserRegistered` event (PromoterInvitesService).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Promoter, PromoterMember, PromoterInvite]),
    UsersModule,
    EmailVerificationModule,
    ApiKeysModule,
  ],
  controllers: [PromotersController, AdminPromotersController, PromoterApiKeysController],
  providers: [
    PromotersService,
    PromoterMembersService,
    PromoterInvitesService,
    PromoterModerationService,
    PromoterApiKeysService,
  ],
  exports: [PromoterInvitesService],
})
export class PromotersModule {}
