import { ApiProperty } from '@nestjs/swagger';
import { Notification, NotificationStatus } from '../../../platform/outbox/notification.entity';
import { NotificationTemplate } from '../../../platform/outbox/notification-template';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';

/** One outbox row as admins see it in a list: who, what, and how delivery went. */
export class NotificationSummaryDto {
  @ApiUuid()
  id: string;
  @ApiProperty({ example: 'ada@example.com' })
  to: string;
  @ApiProperty({
    enum: Object.values(NotificationTemplate),
    enumName: 'NotificationTemplate',
    example: NotificationTemplate.PasswordReset,
  })
  template: string;
  status: NotificationStatus;
  /** How many delivery attempts were made. */
  @ApiInteger()
  attempts: number;
  /** The provider's message id once sent (`dev-…` when no SendGrid key is set). */
  providerMessageId: string | null;
  /** Why the last attempt failed, if it did. */
  lastError: string | null;
  /** The rendered subject, once the email was rendered. */
  subject: string | null;
  /** The locale it was rendered in, once sent. */
  locale: string | null;
  sentAt: Date | null;
  createdAt: Date;

  static from(n: Notification): NotificationSummaryDto {
    return {
      id: n.id,
      to: n.recipient,
      template: n.template,
      status: n.status,
      attempts: n.attempts,
      providerMessageId: n.providerMessageId,
      lastError: n.lastError,
      subject: n.subject,
      locale: n.locale,
      sentAt: n.sentAt,
      createdAt: n.createdAt,
    };
  }
}

/** A file sent with the email; the content itself is not returned. */
export class NotificationAttachmentDto {
  @ApiProperty({ example: 'ticket-1.png' })
  filename: string;
  @ApiProperty({ example: 'image/png' })
  type: string;
  /** Referenced from the HTML as `cid:<contentId>` when the image is inline. */
  contentId: string | null;
  @ApiProperty({ enum: ['inline', 'attachment'] })
  disposition: 'inline' | 'attachment';
}

/**
 * One outbox row with the rendered email. Without a SendGrid key this is the only copy of the email. After a
 * real provider sent a confidential email (a password reset), only its subject is kept.
 */
export class NotificationDto extends NotificationSummaryDto {
  /** The rendered plain-text body. */
  bodyText: string | null;
  /** The rendered HTML body. */
  bodyHtml: string | null;
  attachments: NotificationAttachmentDto[];

  static from(n: Notification): NotificationDto {
    return {
      ...NotificationSummaryDto.from(n),
      bodyText: n.bodyText,
      bodyHtml: n.bodyHtml,
      attachments: n.attachments.map((a) => ({
        filename: a.filename,
        type: a.type,
        contentId: a.contentId ?? null,
        disposition: a.disposition,
      })),
    };
  }
}
