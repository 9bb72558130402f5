import { BullModule } from '@nestjs/bullmq';
import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../platform/config/app-config';
import { QueueName } from '../platform/jobs/queues';
import { Notification } from '../platform/outbox/notification.entity';
import { NotificationDelivery } from './notifications/notification-delivery.service';
import { NotificationSweeper } from './notifications/notification.sweeper';
import { NotificationsController } from './notifications/notifications.controller';
import { OutboxReaderService } from './notifications/outbox-reader.service';
import { TemplateRenderer } from './notifications/template-renderer';
import { DevTransport } from './notifications/transports/dev.transport';
import { EMAIL_TRANSPORT, EmailTransport } from './notifications/transports/email-transport';
import { SendgridTransport } from './notifications/transports/sendgrid.transport';
import { EventReminder } from './reminders/event-reminder.entity';
import { EventRemindersService } from './reminders/event-reminders.service';
import { UserNotificationsModule } from './user-notifications/user-notifications.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { InvoicesModule } from '../checkout/invoices/invoices.module';

/** SendGrid when a key is set; otherwise the dev transport, which only keeps and logs the email. */
function emailTransport(config: AppConfig): EmailTransport {
  const { sendgridApiKey, sendgridApiUrl } = config.email;
  if (sendgridApiKey) return new SendgridTransport(sendgridApiKey, sendgridApiUrl);
  if (config.isProduction)
    new Logger('Email').warn('SENDGRID_API_KEY is not set: emails are kept in the outbox, not sent');
  return new DevTransport();
}

/**
 * Delivery: sending the outbox (its job, transports, templates and sweep), the admin's outbox routes, event
 * reminders (on the catalog's event events), outgoing webhooks, and the signed-in user's live notifications.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Notification, EventReminder]),
    BullModule.registerQueue({ name: QueueName.Reminders }),
    WebhooksModule,
    UserNotificationsModule,
    InvoicesModule,
  ],
  controllers: [NotificationsController],
  providers: [
    { provide: TemplateRenderer, useFactory: () => new TemplateRenderer() },
    { provide: EMAIL_TRANSPORT, inject: [AppConfig], useFactory: emailTransport },
    NotificationDelivery,
    NotificationSweeper,
    OutboxReaderService,
    EventRemindersService,
  ],
})
export class DeliveryModule {}
