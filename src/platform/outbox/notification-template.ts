/**
 * Every email template. Each name has three files per locale under
 * `src/delivery/notifications/templates/<locale>/`: `<name>.subject.txt`, `<name>.txt` and `<name>.html`
 * (Handlebars; the HTML is wrapped in the locale's `layout.html`). Add a template here, give its data a type in
 * `TemplateData`, and write the three files in every locale (`en`, `fr`, `pt`).
 */
export const NotificationTemplate = {
  PasswordReset: 'password-reset',
  PromoterApproved: 'promoter-approved',
  PromoterRejected: 'promoter-rejected',
  PromoterSuspended: 'promoter-suspended',
  PromoterReinstated: 'promoter-reinstated',
  TeamInvite: 'team-invite',
  OrderConfirmation: 'order-confirmation',
  HoldExpired: 'hold-expired',
  RefundIssued: 'refund-issued',
  EventCancelled: 'event-cancelled',
  WaitlistOffer: 'waitlist-offer',
  EventReminder: 'event-reminder',
  TicketTransferOffer: 'ticket-transfer-offer',
  TicketTransferred: 'ticket-transferred',
  TicketReceived: 'ticket-received',
  ResaleSold: 'resale-sold',
  WebhookDisabled: 'webhook-disabled',
  EmailVerification: 'email-verification',
  DataExportReady: 'data-export-ready',
} as const;

export type NotificationTemplate = (typeof NotificationTemplate)[keyof typeof NotificationTemplate];

/** Instants may be given as a Date or an ISO string; they are stored as ISO strings in the row's JSON. */
type Instant = string | Date;

/** Shared by the transfer and resale emails. */
interface TicketFacts {
  eventTitle: string;
  startsAt: Instant;
  timezone: string;
  tierName: string;
}

/** The data each template expects. `enqueue` checks it at compile time. */
export interface TemplateData {
  'password-reset': {
    name: string;
    resetUrl: string;
    expiresAt: Instant;
    /** The raw token the link carries; not shown in the email. */
    token?: string;
  };
  'promoter-approved': { name: string; promoterName: string; dashboardUrl: string };
  'promoter-rejected': { name: string; promoterName: string; reason?: string };
  'promoter-suspended': { name: string; promoterName: string; reason?: string };
  'promoter-reinstated': { name: string; promoterName: string; dashboardUrl: string };
  'team-invite': {
    name?: string;
    promoterName: string;
    role: string;
    inviterName: string;
    acceptUrl: string;
  };
  /** Each ticket's QR is an inline attachment whose contentId is `qrContentId`. */
  'order-confirmation': {
    name: string;
    orderId: string;
    eventTitle: string;
    startsAt: Instant;
    timezone: string;
    venueName: string;
    total: number;
    /** The tax included in `total`. */
    tax: number;
    currency: string;
    /** The attached invoice's number. */
    invoiceNumber: string;
    ticketsUrl: string;
    tickets: Array<{ id: string; tierName: string; attendeeName: string; qrContentId: string }>;
  };
  'hold-expired': { name: string; eventTitle: string; orderId: string; eventUrl: string };
  'refund-issued': {
    name: string;
    eventTitle: string;
    orderId: string;
    amount: number;
    currency: string;
    ticketCount: number;
    /** The attached credit note's number, when the order was invoiced. */
    creditNoteNumber?: string;
    /** Why the money goes back; the template words it in the recipient's language. */
    reason: 'refund' | 'event_cancelled' | 'late_payment';
  };
  /** Freed units reserved for a waitlist entry until `offerExpiresAt`; `partial` when fewer than asked for. */
  'waitlist-offer': {
    name: string;
    eventTitle: string;
    tierName: string;
    quantity: number;
    requestedQuantity: number;
    partial: boolean;
    startsAt: Instant;
    timezone: string;
    offerExpiresAt: Instant;
    claimUrl: string;
    entryId: string;
  };
  'event-cancelled': {
    name: string;
    eventTitle: string;
    orderId: string;
    amount: number;
    currency: string;
    startsAt: Instant;
    timezone: string;
    /** The attached credit note's number, when the order was invoiced. */
    creditNoteNumber?: string;
  };
  /** One per ticket holder, 24 hours before the start. */
  'event-reminder': {
    name: string;
    eventTitle: string;
    startsAt: Instant;
    timezone: string;
    venueName: string;
    venueAddress: string;
    venueCity: string;
    ticketCount: number;
    ticketsUrl: string;
    eventUrl: string;
  };
  /** To the recipient: `acceptUrl` carries the one-time token that accepts the transfer. */
  'ticket-transfer-offer': TicketFacts & {
    name: string;
    senderName: string;
    acceptUrl: string;
    transferId: string;
  };
  /** To the sender once the recipient accepted: their code no longer admits. */
  'ticket-transferred': TicketFacts & { name: string; recipientName: string; ticketId: string };
  /** To the recipient: the new ticket, its QR an inline attachment whose contentId is `qrContentId`. */
  'ticket-received': TicketFacts & {
    name: string;
    senderName: string;
    venueName: string;
    ticketId: string;
    qrContentId: string;
    ticketsUrl: string;
  };
  /** To the seller when a resale buyer paid: their ticket is void and `amount` is on its way back. */
  'resale-sold': TicketFacts & {
    name: string;
    orderId: string;
    amount: number;
    fee: number;
    currency: string;
  };
  /** To each owner of a promoter whose webhook endpoint was disabled for failing or answering 410 Gone. */
  'webhook-disabled': {
    name: string;
    promoterName: string;
    url: string;
    reason: 'failing' | 'gone';
    failingSince: Instant;
    webhooksUrl: string;
  };
  /** After registration (and on resend): the link that verifies the address. */
  'email-verification': {
    name: string;
    verifyUrl: string;
    expiresAt: Instant;
    /** The raw token the link carries; not shown in the email. */
    token?: string;
  };
  /** A GDPR export was built: `downloadUrl` carries the token that downloads it until `expiresAt`. */
  'data-export-ready': { name: string; downloadUrl: string; expiresAt: Instant };
}

/**
 * Templates whose body carries a credential (a reset link). Once a real provider has delivered one, the
 * outbox keeps only its subject, so reading the outbox never yields a working link. The dev transport keeps
 * everything: there the stored copy is the only one.
 */
export const CONFIDENTIAL_TEMPLATES: ReadonlySet<string> = new Set<NotificationTemplate>([
  NotificationTemplate.PasswordReset,
  NotificationTemplate.TicketTransferOffer,
  NotificationTemplate.EmailVerification,
  NotificationTemplate.DataExportReady,
]);

export function isNotificationTemplate(name: string): name is NotificationTemplate {
  return (Object.values(NotificationTemplate) as string[]).includes(name);
}
