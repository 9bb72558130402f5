import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserNotificationCounter } from './user-notification-counter.entity';
import { UserNotification } from './user-notification.entity';
import { UserNotificationStreams } from './user-notification-streams.service';
import { UserNotificationsController } from './user-notifications.controller';
import { UserNotificationsListener } from './user-notifications.listener';
import { UserNotificationsService } from './user-notifications.service';

/**
 * Live notifications for the signed-in user: written from domain events in the transaction of each change,
 * fanned out through Redis pub/sub, served as a list and as a resumable SSE stream.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserNotification, UserNotificationCounter])],
  controllers: [UserNotificationsController],
  providers: [UserNotificationsService, UserNotificationsListener, UserNotificationStreams],
})
export class UserNotificationsModule {}
