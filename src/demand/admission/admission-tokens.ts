import { Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';

/** What an admission token says: this buyer may place one hold on this event until `expiresAt`. */
export interface Admission {
  entryId: string;
  eventId: string;
  userId: string;
  expiresAt: Date;
}

/** Why a token was refused without reading the database. */
export type AdmissionRefusal = 'malformed' | 'signature' | 'other_user' | 'other_event' | 'expired';

interface Claims {
  /** Entry id. */
  n: string;
  /** Event id. */
  e: string;
  /** User id. */
  u: string;
  /** Expiry, epoch milliseconds. */
  x: number;
}

const b64 = (buf: Buffer) => buf.toString('base64url');

/**
 * Signs and checks admission tokens: `base64url(claims).base64url(HMAC-SHA256)`. The key is derived from
 * JWT_SECRET (HKDF, its own label), so a deployment needs no extra secret and production's strength check on
 * JWT_SECRET covers it. A token is a pure function of its entry, so it is not stored: `GET /events/{id}/queue/me`
 * gives the same token every time, and single use is kept by the entry's status, not the token.
 */
@Injectable()
export class AdmissionTokens {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(
      hkdfSync('sha256', config.auth.jwtSecret, 'ticket-vendor-api', 'queue-admission-token', 32),
    );
  }

  sign(admission: Admission): string {
    const claims: Claims = {
      n: admission.entryId,
      e: admission.eventId,
      u: admission.userId,
      x: admission.expiresAt.getTime(),
    };
    const body = b64(Buffer.from(JSON.stringify(claims)));
    return `${body}.${this.mac(body)}`;
  }

  /** The admission for this buyer and event, or why the token does not give one. */
  check(
    token: string,
    expected: { userId: string; eventId: string; now: Date },
  ): Admission | AdmissionRefusal {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || token.length > 1024) return 'malformed';
    const given = Buffer.from(mac, 'base64url');
    const wanted = Buffer.from(this.mac(body), 'base64url');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'signature';
    const claims = parse(body);
    if (!claims) return 'malformed';
    if (claims.u !== expected.userId) return 'other_user';
    if (claims.e !== expected.eventId) return 'other_event';
    if (claims.x <= expected.now.getTime()) return 'expired';
    return { entryId: claims.n, eventId: claims.e, userId: claims.u, expiresAt: new Date(claims.x) };
  }

  private mac(body: string): string {
    return b64(createHmac('sha256', this.key).update(body).digest());
  }
}

function parse(body: string): Claims | null {
  try {
    const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Claims>;
    const ok =
      typeof c.n === 'string' && typeof c.e === 'string' && typeof c.u === 'string' && Number.isFinite(c.x);
    return ok ? (c as Claims) : null;
  } catch {
    return null;
  }
}
