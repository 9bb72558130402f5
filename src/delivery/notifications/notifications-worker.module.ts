import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { NotificationDelivery } from './notification-delivery.service';
import { Notification } from '../../platform/outbox/notification.entity';
import { NotificationSweeper } from './notification.sweeper';
import { NotificationsProcessor } from './notifications.processor';
import { TemplateRenderer } from './template-renderer';
import { DevTransport } from './transports/dev.transport';
import { EMAIL_TRANSPORT, EmailTransport } from './transports/email-transport';
import { SendgridTransport } from './transports/sendgrid.transport';

/** SendGrid when a key is set; otherwise the dev transport, which only keeps and logs the email. */
function emailTransport(config: AppConfig): EmailTransport {
  const { sendgridApiKey, sendgridApiUrl } = config.email;
  if (sendgridApiKey) return new SendgridTransport(sendgridApiKey, sendgridApiUrl);
  if (config.isProduction)
    new Logger('Email').warn('SENDGRID_API_KEY is not set: emails are kept in the outbox, not sent');
  return new DevTransport();
}

/** Email delivery: the outbox processor, its transport and templates, and the sweeper. Worker only. */
@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  providers: [
    { provide: TemplateRenderer, useFactory: () => new TemplateRenderer() },
    { provide: EMAIL_TRANSPORT, inject: [AppConfig], useFactory: emailTransport },
    NotificationDelivery,
    NotificationsProcessor,
    NotificationSweeper,
  ],
  exports: [NotificationDelivery, NotificationSweeper],
})
export class NotificationsWorkerModule {}
