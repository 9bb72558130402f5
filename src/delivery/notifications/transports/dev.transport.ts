import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EmailTransport, OutgoingEmail, SendResult } from './email-transport';

/**
 * Used when no SendGrid key is set (a laptop, the tests): nothing leaves the machine. The rendered email is
 * kept in the outbox row, where admins read it through `GET /admin/notifications/{id}`, and logged.
 */
export class DevTransport implements EmailTransport {
  readonly kind = 'dev';
  private readonly logger = new Logger('DevEmail');

  send(email: OutgoingEmail): Promise<SendResult> {
    const messageId = `dev-${randomUUID()}`;
    this.logger.log(
      { messageId, to: email.to, subject: email.subject, text: email.text },
      'email not sent (no SENDGRID_API_KEY); kept in the outbox',
    );
    return Promise.resolve({ messageId });
  }
}
