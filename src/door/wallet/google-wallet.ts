import { createPrivateKey, KeyObject, sign } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';
import { PassFacts } from './wallet-pass.queries';

type GoogleConfig = NonNullable<AppConfig['wallet']['google']>;

const SAVE_URL = 'https://pay.google.com/gp/v/save/';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const text = (value: string) => ({ defaultValue: { language: 'en', value } });

/**
 * "Save to Google Wallet" links: a JWT (RS256, signed with the service account's key from configuration) that
 * carries the event ticket class and object inline, so nothing is created through Google's API beforehand.
 */
export class GoogleWallet {
  private readonly key: KeyObject;

  constructor(
    private readonly config: GoogleConfig,
    private readonly origin: string,
  ) {
    this.key = createPrivateKey(config.privateKey);
    if (this.key.asymmetricKeyType !== 'rsa') throw new Error('GOOGLE_WALLET_PRIVATE_KEY must be an RSA key');
  }

  saveUrl(facts: PassFacts, now: Date): string {
    const issuer = this.config.issuerId;
    const classId = `${issuer}.event-${facts.eventId}`;
    const claims = {
      iss: this.config.serviceAccountEmail,
      aud: 'google',
      typ: 'savetowallet',
      iat: Math.floor(now.getTime() / 1000),
      origins: [this.origin],
      payload: {
        eventTicketClasses: [
          {
            id: classId,
            issuerName: facts.promoterName,
            reviewStatus: 'UNDER_REVIEW',
            eventName: text(facts.eventTitle),
            venue: {
              name: text(facts.venueName),
              address: text(`${facts.venueAddress}, ${facts.venueCity}`),
            },
            dateTime: { start: facts.startsAt.toISOString(), end: facts.endsAt.toISOString() },
          },
        ],
        eventTicketObjects: [
          {
            id: `${issuer}.ticket-${facts.ticketId}`,
            classId,
            state: 'ACTIVE',
            ticketHolderName: facts.attendeeName,
            ticketType: text(facts.tierName),
            ticketNumber: facts.ticketId,
            barcode: { type: 'QR_CODE', value: facts.code },
          },
        ],
      },
    };
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}`;
    const signature = sign('sha256', Buffer.from(unsigned), this.key).toString('base64url');
    return `${SAVE_URL}${unsigned}.${signature}`;
  }
}
