import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashToken, newOpaqueToken } from '../auth/token-crypto';

/** What every API key token starts with, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_TOKEN_PREFIX = 'tvk_';

/** `tvk_` + 16 hex characters (the lookup prefix) + `_` + 43 base64url characters (32 random bytes). */
const TOKEN = /^tvk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKeyToken {
  /** The whole token, shown to its creator once. */
  token: string;
  prefix: string;
  secretHash: string;
}

/** A new token: the prefix finds the key, the secret (only its SHA-256 is kept) proves the caller holds it. */
export function newApiKeyToken(): NewApiKeyToken {
  const prefix = randomBytes(8).toString('hex');
  const secret = newOpaqueToken();
  return { token: `${API_KEY_TOKEN_PREFIX}${prefix}_${secret}`, prefix, secretHash: hashToken(secret) };
}

/** The prefix and secret of a well-formed token, or null. */
export function parseApiKeyToken(token: string): { prefix: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

/** Whether `secret` hashes to `secretHash`, in constant time (both hashes have the same length). */
export function secretMatches(secret: string, secretHash: string): boolean {
  const presented = Buffer.from(hashToken(secret), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** How a key is shown after creation: its prefix, never its secret. */
export const visiblePrefix = (prefix: string) => `${API_KEY_TOKEN_PREFIX}${prefix}`;
