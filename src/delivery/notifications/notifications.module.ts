import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '../../platform/jobs/queues';
import { Notification } from '../../platform/outbox/notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from '../../platform/outbox/outbox.service';

/**
 * The outbox's writing side and the admin read routes. Global so every domain can write to the outbox inside
 * its own transactions. Delivery lives in NotificationsWorkerModule, which only the worker loads.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Notification]),
    BullModule.registerQueue({ name: QueueName.Notifications }),
  ],
  controllers: [NotificationsController],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
