import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '../common/jobs/queues';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';

/** Global so every domain can write to the outbox inside its own transactions. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Notification]),
    BullModule.registerQueue({ name: QueueName.Notifications }),
  ],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
