import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * OWASP's argon2id parameters: 19 MiB of memory, 2 passes, 1 lane. `Algorithm` is an ambient const enum, which
 * isolated modules cannot read, so its Argon2id member (2) is spelled out.
 */
export const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

/** NFKC, as NIST 800-63B suggests, so the same password typed on two keyboards hashes the same. */
const normalize = (password: string) => password.normalize('NFKC');

/** argon2id hashing, plus a dummy verification so a missing account costs as much time as a wrong password. */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(normalize(password), ARGON2_OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, normalize(password));
    } catch {
      // A malformed stored hash is a failed match, not a 500.
      return false;
    }
  }

  /** Spends the same work as `verify` and always fails. Used when the email is unknown. */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('dummy password that never matches anything');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
