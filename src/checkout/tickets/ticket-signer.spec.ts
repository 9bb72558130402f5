import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { loadConfig } from '../../platform/config/app-config';
import { TicketSigner } from './ticket-signer';

function pkcs8(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

function signer(keys?: string): TicketSigner {
  return new TicketSigner(loadConfig({ TICKET_SIGNING_KEYS: keys ?? '' }));
}

const claims = () => ({ ticketId: randomUUID(), eventId: randomUUID(), tierId: randomUUID() });

describe('TicketSigner', () => {
  it('round-trips the claims through a short base64url code', () => {
    const s = signer();
    const c = claims();
    const code = s.sign(c);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(code.length).toBeLessThanOrEqual(160);
    expect(s.verify(code)).toEqual(c);
  });

  it('rejects a code with any single byte altered', () => {
    const s = signer();
    const bytes = Buffer.from(s.sign(claims()), 'base64url');
    for (const i of [1, 20, 40, 48, 60, 112]) {
      const altered = Buffer.from(bytes);
      altered[i] ^= 0x01;
      expect(s.verify(altered.toString('base64url'))).toBeNull();
    }
  });

  it('rejects malformed input and codes signed by another key', () => {
    const s = signer();
    expect(s.verify('')).toBeNull();
    expect(s.verify('not a code!')).toBeNull();
    expect(s.verify(s.sign(claims()).slice(0, 100))).toBeNull();
    expect(s.verify(signer(`0:${pkcs8()}`).sign(claims()))).toBeNull();
  });

  it('rejects a code whose key id it does not know', () => {
    const code = signer(`7:${pkcs8()}`).sign(claims());
    expect(signer(`8:${pkcs8()}`).verify(code)).toBeNull();
  });

  it('rotates: the new first key signs, the old key still verifies its codes', () => {
    const oldKey = pkcs8();
    const newKey = pkcs8();
    const before = signer(`1:${oldKey}`);
    const after = signer(`2:${newKey},1:${oldKey}`);
    const oldCode = before.sign(claims());
    const newCode = after.sign(claims());
    expect(after.verify(oldCode)).not.toBeNull();
    expect(after.verify(newCode)).not.toBeNull();
    expect(before.verify(newCode)).toBeNull();
    expect(Buffer.from(newCode, 'base64url')[0]).toBe(2);
    expect(after.publicKeys().map((k) => k.kid)).toEqual([2, 1]);
  });

  it('derives the same development key from the same JWT secret', () => {
    const c = claims();
    expect(signer().verify(signer().sign(c))).toEqual(c);
  });

  it('refuses malformed key configuration', () => {
    expect(() => signer('abc')).toThrow(/kid/);
    expect(() => signer(`300:${pkcs8()}`)).toThrow(/kid/);
    expect(() => signer(`1:${pkcs8()},1:${pkcs8()}`)).toThrow(/duplicate/);
  });
});
