import type { EmailAttachment } from '../../../platform/outbox/outbox-attachment';

export interface OutgoingEmail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
}

export interface SendResult {
  /** The provider's id for the message, or `dev-<uuid>` for the dev transport. */
  messageId: string;
}

/** Sends one rendered email. Throws `PermanentSendError` when retrying cannot help. */
export interface EmailTransport {
  /** `sendgrid` delivers for real; `dev` only logs (the outbox row is the copy). */
  readonly kind: 'sendgrid' | 'dev';
  send(email: OutgoingEmail): Promise<SendResult>;
}

export const EMAIL_TRANSPORT = Symbol('EMAIL_TRANSPORT');

/** The provider refused the message itself (a 4xx other than 429): the same request will never succeed. */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}
