import { generateSecret, generateURI, verifySync } from 'otplib';

/** The issuer shown by authenticator apps next to the account. */
export const TOTP_ISSUER = 'Ticket Vendor';

/** A new base32 secret (160 bits, RFC 4226's recommendation). */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The `otpauth://totp/...` URI an authenticator app scans (SHA-1, 6 digits, 30 s: what every app supports). */
export function totpUri(secret: string, account: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: account, secret });
}

/**
 * Checks a code against the secret, allowing one 30-second step of clock drift either way. Returns the time
 * step it matched, or null. A step at or before `afterTimeStep` (the last accepted one) is refused: a code
 * works once.
 */
export function checkTotp(secret: string, code: string, afterTimeStep: number | null): number | null {
  const result = verifySync({
    secret,
    token: code.replace(/\s/g, ''),
    epochTolerance: 30,
    ...(afterTimeStep !== null ? { afterTimeStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
