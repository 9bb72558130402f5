import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../accounts/auth/auth.module';
import { UsersModule } from '../accounts/users/users.module';
import { OrdersModule } from '../checkout/orders/orders.module';
import { QueueName } from '../platform/jobs/queues';
import { ErasureService } from './erasure/erasure.service';
import { DataExport } from './exports/data-export.entity';
import { DataExportsService } from './exports/data-exports.service';
import { PrivacyController } from './privacy.controller';

/**
 * GDPR: exports of everything about a user and erasure of their personal data. Last in the module graph: it
 * reads every module's tables and erases through checkout's refund path.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DataExport]),
    BullModule.registerQueue({ name: QueueName.Privacy }),
    UsersModule,
    AuthModule,
    OrdersModule,
  ],
  controllers: [PrivacyController],
  providers: [DataExportsService, ErasureService],
})
export class PrivacyModule {}
