/** A file sent with an email. Inline images are referenced from the HTML as `<img src="cid:{contentId}">`. */
export interface EmailAttachment {
  filename: string;
  /** MIME type, e.g. `image/png`. */
  type: string;
  /** The file's bytes, base64-encoded. */
  content: string;
  /** Set for inline images. */
  contentId?: string;
  disposition: 'inline' | 'attachment';
}

/**
 * An attachment as the outbox stores it: its bytes, `qrText`, whose QR code image the worker renders at send
 * time, or `invoiceId`, an invoice or credit note whose PDF the worker attaches (drawing it then if it is not
 * drawn yet). Rendering there keeps that CPU work off the API's request path and out of its transactions.
 */
export type OutboxAttachment = Omit<EmailAttachment, 'content'> &
  ({ content: string } | { qrText: string } | { invoiceId: string });
