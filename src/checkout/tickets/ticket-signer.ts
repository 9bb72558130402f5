import { Injectable } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';

/** What a ticket code proves: this ticket, for this event and tier, was issued by us. */
export interface TicketClaims {
  ticketId: string;
  eventId: string;
  tierId: string;
}

export interface TicketSigningKey {
  kid: number;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface PublicSigningKey {
  kid: number;
  algorithm: 'Ed25519';
  /** SubjectPublicKeyInfo PEM. */
  publicKey: string;
  jwk: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAYLOAD_BYTES = 1 + 3 * 16;
const SIGNATURE_BYTES = 64;
// An Ed25519 PKCS#8 DER is this fixed prefix followed by the 32-byte seed.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function uuidToBytes(uuid: string): Buffer {
  if (!UUID.test(uuid)) throw new Error(`not a uuid: ${uuid}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function keyFromPkcs8(kid: number, der: Buffer): TicketSigningKey {
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`ticket key ${kid} is not an Ed25519 key`);
  return { kid, privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * Parses TICKET_SIGNING_KEYS (`kid:base64-pkcs8-der,...`, kid an integer 0–255; the first signs, all verify).
 * Without it (a local machine, the tests) a key with kid 0 is derived from JWT_SECRET, so every instance of a
 * development setup agrees; production refuses to start without real keys (config/environment.ts).
 */
export function parseSigningKeys(spec: string | undefined, jwtSecret: string): TicketSigningKey[] {
  if (!spec) {
    const seed = createHash('sha256').update(`ticket-signing-key:${jwtSecret}`).digest();
    return [keyFromPkcs8(0, Buffer.concat([ED25519_PKCS8_PREFIX, seed]))];
  }
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [kidText, der] = part.split(':');
      const kid = Number(kidText);
      if (!Number.isInteger(kid) || kid < 0 || kid > 255 || !der) {
        throw new Error('TICKET_SIGNING_KEYS: each entry must be `kid:base64-pkcs8-der` with kid 0–255');
      }
      return keyFromPkcs8(kid, Buffer.from(der, 'base64'));
    });
  if (new Set(keys.map((k) => k.kid)).size !== keys.length)
    throw new Error('TICKET_SIGNING_KEYS: duplicate kid');
  if (keys.length === 0) throw new Error('TICKET_SIGNING_KEYS: no key');
  return keys;
}

/**
 * Signs and verifies ticket codes. A code is the base64url of
 * `[kid:1][ticketId:16][eventId:16][tierId:16][Ed25519 signature over the first 49 bytes:64]` = 113 bytes,
 * 151 characters: small enough for a QR code a phone screen shows and a door scanner reads at once.
 * Verification needs no database, so a scanner holding the public keys can check codes offline.
 */
@Injectable()
export class TicketSigner {
  private readonly keys: TicketSigningKey[];

  constructor(config: AppConfig) {
    this.keys = parseSigningKeys(config.tickets.signingKeys, config.auth.jwtSecret);
  }

  sign(claims: TicketClaims): string {
    const key = this.keys[0];
    const payload = Buffer.concat([
      Buffer.from([key.kid]),
      uuidToBytes(claims.ticketId),
      uuidToBytes(claims.eventId),
      uuidToBytes(claims.tierId),
    ]);
    return Buffer.concat([payload, sign(null, payload, key.privateKey)]).toString('base64url');
  }

  /** The claims of a genuine code, or null for a forged, altered, malformed or unknown-key code. */
  verify(code: string): TicketClaims | null {
    if (typeof code !== 'string' || !/^[A-Za-z0-9_-]+$/.test(code)) return null;
    const bytes = Buffer.from(code, 'base64url');
    if (bytes.length !== PAYLOAD_BYTES + SIGNATURE_BYTES) return null;
    const key = this.keys.find((k) => k.kid === bytes[0]);
    if (!key) return null;
    const payload = bytes.subarray(0, PAYLOAD_BYTES);
    if (!verify(null, payload, key.publicKey, bytes.subarray(PAYLOAD_BYTES))) return null;
    return {
      ticketId: bytesToUuid(payload.subarray(1, 17)),
      eventId: bytesToUuid(payload.subarray(17, 33)),
      tierId: bytesToUuid(payload.subarray(33, 49)),
    };
  }

  publicKeys(): PublicSigningKey[] {
    return this.keys.map((k) => ({
      kid: k.kid,
      algorithm: 'Ed25519',
      publicKey: k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      jwk: { ...k.publicKey.export({ format: 'jwk' }), kid: String(k.kid), alg: 'EdDSA', use: 'sig' },
    }));
  }
}
