import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../platform/errors/domain-error';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type WeakPasswordReason = 'too_short' | 'too_long' | 'common' | 'repetitive' | 'contains_email';

export interface PasswordVerdict {
  ok: boolean;
  reason?: WeakPasswordReason;
  message?: string;
}

/** Context-specific words NIST 800-63B asks us to refuse: the service's own name. */
const SERVICE_WORDS = ['ticketvendor', 'ticket vendor', 'ticket-vendor'];
const MIN_DISTINCT_CHARACTERS = 4;

const refuse = (reason: WeakPasswordReason, message: string): PasswordVerdict => ({
  ok: false,
  reason,
  message,
});

const BLOCKLIST_FILE = join(__dirname, 'data', 'common-passwords.txt');
let shipped: Set<string> | undefined;

/** Reads the shipped blocklist (src/accounts/auth/data, copied to dist by the nest-cli assets) once per process. */
export function loadCommonPasswords(): ReadonlySet<string> {
  shipped ??= new Set(
    readFileSync(BLOCKLIST_FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );
  return shipped;
}

/**
 * NIST SP 800-63B memorised-secret rules: 12 to 128 characters (counted as Unicode code points), no
 * composition rules, and refused when it is a known common password, a run of very few characters, or built
 * from the account's own email or the service name.
 */
export class PasswordRules {
  constructor(private readonly common: ReadonlySet<string>) {}

  check(password: string, context: { email?: string } = {}): PasswordVerdict {
    // Compare what the hasher stores: NFKC makes look-alike compositions of one character the same password.
    const normalized = password.normalize('NFKC');
    const length = [...normalized].length;
    if (length < PASSWORD_MIN_LENGTH) {
      return refuse('too_short', `Use at least ${PASSWORD_MIN_LENGTH} characters`);
    }
    if (length > PASSWORD_MAX_LENGTH) {
      return refuse('too_long', `Use at most ${PASSWORD_MAX_LENGTH} characters`);
    }
    const lower = normalized.toLowerCase();
    if (this.common.has(lower) || this.common.has(lower.trim())) {
      return refuse('common', 'This password is on a list of commonly used passwords');
    }
    if (new Set(lower).size < MIN_DISTINCT_CHARACTERS) {
      return refuse('repetitive', 'This password repeats too few characters');
    }
    if (SERVICE_WORDS.some((w) => lower.includes(w))) {
      return refuse('common', 'This password contains the name of this service');
    }
    const email = context.email?.toLowerCase();
    const local = email?.split('@')[0] ?? '';
    if (email && (lower.includes(email) || (local.length >= 4 && lower.includes(local)))) {
      return refuse('contains_email', 'This password contains your email address');
    }
    return { ok: true };
  }
}

/** The policy as a service: the list is read once per process. */
@Injectable()
export class PasswordPolicy extends PasswordRules {
  constructor() {
    super(loadCommonPasswords());
  }

  /** Throws 400 WEAK_PASSWORD with the reason when the password breaks the policy. */
  assertAcceptable(password: string, context: { email?: string } = {}): void {
    const verdict = this.check(password, context);
    if (!verdict.ok) {
      throw new DomainError('WEAK_PASSWORD', verdict.message, { reason: verdict.reason });
    }
  }
}
