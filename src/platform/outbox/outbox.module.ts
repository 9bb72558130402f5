import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '../jobs/queues';
import { Notification } from './notification.entity';
import { OutboxService } from './outbox.service';

/**
 * The outbox's writing side. Global so every module can write an email inside its own transaction; sending
 * belongs to delivery/.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Notification]),
    BullModule.registerQueue({ name: QueueName.Notifications }),
  ],
  providers: [OutboxService],
  exports: [OutboxService],
})
export class OutboxModule {}
