import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import type { MailDataRequired } from '@sendgrid/mail';
import { randomUUID } from 'node:crypto';
import type { EmailAttachment } from '../../../platform/outbox/outbox-attachment';
import { EmailTransport, OutgoingEmail, PermanentSendError, SendResult } from './email-transport';

type MailAttachment = NonNullable<MailDataRequired['attachments']>[number];

const REQUEST_TIMEOUT_MS = 15_000;

interface SendgridError {
  code?: number;
  message?: string;
  response?: { body?: unknown };
}

/** Delivers through SendGrid's v3 mail API. `apiUrl` points the client elsewhere (tests, local stand-ins). */
export class SendgridTransport implements EmailTransport {
  readonly kind = 'sendgrid';
  private readonly mail = new MailService();

  constructor(apiKey: string, apiUrl?: string) {
    const client = new Client();
    client.setApiKey(apiKey);
    // After setApiKey, which resets the base URL to SendGrid's.
    if (apiUrl) client.setDefaultRequest('baseUrl', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
    this.mail.setClient(client);
    this.mail.setTimeout(REQUEST_TIMEOUT_MS);
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    try {
      const [response] = await this.mail.send({
        to: email.to,
        from: email.from,
        subject: email.subject,
        text: email.text,
        html: email.html,
        attachments: email.attachments.map(toWire),
      });
      const header = response.headers['x-message-id'] as string | string[] | undefined;
      const messageId = (Array.isArray(header) ? header[0] : header) ?? `sendgrid-${randomUUID()}`;
      return { messageId };
    } catch (err) {
      throw describe(err as SendgridError);
    }
  }
}

/**
 * The attachment in the API's own field names. The library snake-cases top-level keys but not the objects
 * inside arrays, so a `contentId` would reach SendGrid unrecognised and the inline image would break.
 */
function toWire(a: EmailAttachment): MailAttachment {
  const wire = { filename: a.filename, type: a.type, content: a.content, disposition: a.disposition };
  return (a.contentId ? { ...wire, content_id: a.contentId } : wire) as MailAttachment;
}

/** SendGrid's errors carry the status and the API's explanation; 4xx other than 429 will never succeed. */
function describe(err: SendgridError): Error {
  if (typeof err.code !== 'number') return err instanceof Error ? err : new Error(String(err.message));
  const body = JSON.stringify(err.response?.body ?? '').slice(0, 500);
  const message = `SendGrid answered ${err.code}: ${body}`;
  const permanent = err.code >= 400 && err.code < 500 && err.code !== 429;
  return permanent ? new PermanentSendError(message) : new Error(message);
}
