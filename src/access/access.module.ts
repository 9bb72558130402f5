import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessService } from './access.service';
import { PromoterMember } from './promoter-member.entity';

/** Object-level access, asked by every module: global, like the platform it sits on. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([PromoterMember])],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
