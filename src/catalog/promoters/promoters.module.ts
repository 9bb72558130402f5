import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminPromotersController } from './admin-promoters.controller';
import { PromoterAccessService } from '../../access/access.service';
import { PromoterInvite } from './promoter-invite.entity';
import { PromoterInvitesService } from './promoter-invites.service';
import { PromoterMember } from '../../access/promoter-member.entity';
import { PromoterMembersService } from './promoter-members.service';
import { PromoterModerationService } from './promoter-moderation.service';
import { Promoter } from './promoter.entity';
import { PromotersController } from './promoters.controller';
import { PromotersService } from './promoters.service';

/**
 * Promoters, their teams and the admin review. Exports PromoterAccessService (the membership check every
 * promoter-owned object uses) and PromoterInvitesService (registration accepts invites through it).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Promoter, PromoterMember, PromoterInvite])],
  controllers: [PromotersController, AdminPromotersController],
  providers: [
    PromotersService,
    PromoterAccessService,
    PromoterMembersService,
    PromoterInvitesService,
    PromoterModerationService,
  ],
  exports: [PromoterAccessService, PromoterInvitesService],
})
export class PromotersModule {}
