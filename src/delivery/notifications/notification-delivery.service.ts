import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { Repository } from 'typeorm';
import { OnJob } from '../../platform/jobs/job.decorators';
import { DEFAULT_JOB_OPTIONS, JobName, JobPayloads } from '../../platform/jobs/queues';
import { AppConfig } from '../../platform/config/app-config';
import { Notification, NotificationStatus } from '../../platform/outbox/notification.entity';
import { CONFIDENTIAL_TEMPLATES } from '../../platform/outbox/notification-template';
import { DEFAULT_LOCALE } from '../../platform/i18n/locales';
import { RenderedEmail, TemplateNotFoundError, TemplateRenderer } from './template-renderer';
import { ticketQrPng } from '../../checkout/tickets/ticket-qr';
import { InvoicePdfs } from '../../checkout/invoices/invoice-pdfs.service';
import type { EmailAttachment, OutboxAttachment } from '../../platform/outbox/outbox-attachment';
import { EMAIL_TRANSPORT, PermanentSendError } from './transports/email-transport';
import type { EmailTransport } from './transports/email-transport';

/** After this many failed attempts a notification is marked `failed`; matches the job's retry budget. */
export const MAX_DELIVERY_ATTEMPTS = DEFAULT_JOB_OPTIONS.attempts;

/**
 * How long one delivery run holds a row. Longer than the transport's request timeout, so a second run cannot
 * claim a row whose send may still succeed; short enough that a crashed worker's row is retried soon.
 */
const CLAIM_SECONDS = 60;

const LAST_ERROR_MAX = 2000;

/** `sent` when this run sent the email; `skipped` when it was already sent, failed, or being sent elsewhere. */
export type DeliveryOutcome = 'sent' | 'skipped';

interface ClaimedRow {
  id: string;
  recipient: string;
  template: string;
  data: Record<string, unknown>;
  attachments: OutboxAttachment[];
  attempts: number;
}

/** Sends outbox rows. Safe to run twice, or twice at once, for the same row: only one run sends. */
@Injectable()
export class NotificationDelivery {
  private readonly logger = new Logger(NotificationDelivery.name);

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @Inject(EMAIL_TRANSPORT) private readonly transport: EmailTransport,
    private readonly renderer: TemplateRenderer,
    private readonly config: AppConfig,
    private readonly invoicePdfs: InvoicePdfs,
  ) {}

  /**
   * Claims the row, renders and sends it, then marks it `sent`. A failure is recorded on the row and rethrown
   * so the job retries with backoff; after the last attempt, or when retrying cannot help, the row is marked
   * `failed` and an `UnrecoverableError` stops the retries.
   */
  @OnJob(JobName.SendNotification)
  async deliver({ notificationId }: JobPayloads[JobName.SendNotification]): Promise<DeliveryOutcome> {
    const row = await this.claim(notificationId);
    if (!row) return 'skipped';
    let email: RenderedEmail | undefined;
    let messageId: string;
    try {
      email = this.renderer.render(row.template, row.data, await this.localeOf(row.recipient));
      ({ messageId } = await this.transport.send({
        ...email,
        to: row.recipient,
        from: this.config.email.from,
        attachments: await this.materialize(row.attachments),
      }));
    } catch (err) {
      throw await this.recordFailure(row, err, email);
    }
    await this.markSent(row, email, messageId);
    return 'sent';
  }

  /**
   * The attachments' bytes, made now, in the worker: QR codes stored as their text are rendered, and invoices
   * are attached as their PDF (drawn here if the worker has not drawn it yet, so no email goes without it).
   */
  private async materialize(attachments: OutboxAttachment[]): Promise<EmailAttachment[]> {
    return Promise.all(
      attachments.map(async (a) => {
        if ('content' in a) return a;
        if ('qrText' in a) {
          const { qrText, ...rest } = a;
          return { ...rest, content: (await ticketQrPng(qrText)).toString('base64') };
        }
        const { invoiceId, ...rest } = a;
        return { ...rest, content: (await this.invoicePdfs.pdfOf(invoiceId)).content.toString('base64') };
      }),
    );
  }

  /** The recipient's locale, read when the email is sent (so a change made meanwhile counts); `en` for a stranger. */
  private async localeOf(recipient: string): Promise<string> {
    const rows = (await this.notifications.query(
      `SELECT locale FROM users WHERE email = $1 AND deleted_at IS NULL`,
      [recipient],
    )) as Array<{ locale: string }>;
    return rows[0]?.locale ?? DEFAULT_LOCALE;
  }

  /**
   * The one conditional update that decides which run sends: the row must still be queued and not held by a
   * live claim. Counting the attempt here means a crash mid-send still uses up an attempt.
   */
  private async claim(id: string): Promise<ClaimedRow | undefined> {
    const result = await this.notifications
      .createQueryBuilder()
      .update(Notification)
      .set({
        attempts: () => 'attempts + 1',
        claimedUntil: () => `now() + make_interval(secs => ${CLAIM_SECONDS})`,
      })
      .where('id = :id', { id })
      .andWhere('status = :queued', { queued: NotificationStatus.Queued })
      .andWhere('(claimed_until IS NULL OR claimed_until < now())')
      .returning(['id', 'recipient', 'template', 'data', 'attachments', 'attempts'])
      .execute();
    return (result.raw as ClaimedRow[])[0];
  }

  private async markSent(row: ClaimedRow, email: RenderedEmail, messageId: string): Promise<void> {
    // A reset link delivered for real is not kept: reading the outbox must not yield a working credential.
    const scrub = this.transport.kind !== 'dev' && CONFIDENTIAL_TEMPLATES.has(row.template);
    await this.notifications
      .createQueryBuilder()
      .update(Notification)
      .set({
        status: NotificationStatus.Sent,
        providerMessageId: messageId,
        subject: email.subject,
        bodyText: scrub ? null : email.text,
        bodyHtml: scrub ? null : email.html,
        locale: email.locale,
        lastError: null,
        claimedUntil: null,
        sentAt: () => 'now()',
        ...(scrub ? { data: () => `'{}'::jsonb` } : {}),
      })
      .where('id = :id', { id: row.id })
      .execute();
    this.logger.log({ notificationId: row.id, template: row.template, messageId }, 'email sent');
  }

  /** Records the error and returns what to throw: the error itself to retry, or an UnrecoverableError. */
  private async recordFailure(row: ClaimedRow, err: unknown, email?: RenderedEmail): Promise<Error> {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, LAST_ERROR_MAX);
    const hopeless = err instanceof PermanentSendError || err instanceof TemplateNotFoundError;
    const final = hopeless || row.attempts >= MAX_DELIVERY_ATTEMPTS;
    await this.notifications
      .createQueryBuilder()
      .update(Notification)
      .set({
        lastError: message,
        claimedUntil: null,
        ...(final ? { status: NotificationStatus.Failed } : {}),
        ...(email ? { subject: email.subject } : {}),
      })
      .where('id = :id', { id: row.id })
      .execute();
    const log = { notificationId: row.id, template: row.template, attempt: row.attempts, error: message };
    if (final) {
      this.logger.error(log, 'email delivery failed for good');
      return new UnrecoverableError(message);
    }
    this.logger.warn(log, 'email delivery failed; will retry');
    return err instanceof Error ? err : new Error(message);
  }
}
