import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CodesController } from './codes.controller';
import { CodesService } from './codes.service';
import { PromoCode } from './promo-code.entity';

/** Discount, access and presale codes of events; their uses move with the orders (inventory's CodeStockService). */
@Module({
  imports: [TypeOrmModule.forFeature([PromoCode])],
  controllers: [CodesController],
  providers: [CodesService],
})
export class CodesModule {}
