import { hash, verify } from '@node-rs/argon2';
import { ARGON2_OPTIONS, PasswordHasher } from './password-hasher';
import { loadCommonPasswords, PasswordPolicy, PasswordRules } from './password-policy';

describe('password policy (NIST 800-63B)', () => {
  const policy = new PasswordRules(loadCommonPasswords());

  it('ships a blocklist of at least 10,000 lower-cased common passwords', () => {
    const list = loadCommonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect(list.has('password')).toBe(true);
    expect([...list].every((p) => p === p.toLowerCase())).toBe(true);
  });

  it('accepts 12 to 128 characters with no composition rules', () => {
    expect(policy.check('plain lowercase words only')).toEqual({ ok: true });
    expect(policy.check('x'.repeat(60) + 'yzw' + 'v'.repeat(65))).toEqual({ ok: true });
  });

  it('refuses fewer than 12 characters', () => {
    expect(policy.check('short phrase')).toEqual({ ok: true });
    expect(policy.check('short phras')).toMatchObject({ ok: false, reason: 'too_short' });
  });

  it('refuses more than 128 characters', () => {
    expect(policy.check('abcd'.repeat(33))).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('counts characters, not UTF-16 code units', () => {
    // Eleven emoji are 22 code units but only 11 characters.
    expect(policy.check('🎟️🎫🎪🎭🎨🎬🎤🎧🎼🎹🎷'.replace('️', ''))).toMatchObject({ reason: 'too_short' });
    expect(policy.check('пароль на вечер')).toEqual({ ok: true });
  });

  it('refuses common passwords whatever their case', () => {
    expect(policy.check('passwordpassword')).toMatchObject({ ok: false, reason: 'common' });
    expect(policy.check('PasswordPassword')).toMatchObject({ ok: false, reason: 'common' });
    expect(policy.check('1QAZ2WSX3EDC')).toMatchObject({ ok: false, reason: 'common' });
  });

  it('refuses passwords made of very few distinct characters', () => {
    expect(policy.check('aaaaaaaaaaaaaaaa')).toMatchObject({ ok: false, reason: 'repetitive' });
    expect(policy.check('abababababababab')).toMatchObject({ ok: false, reason: 'repetitive' });
  });

  it("refuses the account's email and the service name", () => {
    expect(policy.check('my ada.lovelace secret', { email: 'Ada.Lovelace@example.com' })).toMatchObject({
      ok: false,
      reason: 'contains_email',
    });
    expect(policy.check('my ada.lovelace secret', { email: 'someone@example.com' })).toEqual({ ok: true });
    expect(policy.check('my ticketvendor login')).toMatchObject({ ok: false, reason: 'common' });
  });

  it('throws WEAK_PASSWORD with the reason', () => {
    const service = new PasswordPolicy();
    expect(() => service.assertAcceptable('tooshort')).toThrow(
      expect.objectContaining({ code: 'WEAK_PASSWORD', status: 400, details: { reason: 'too_short' } }),
    );
    expect(() => service.assertAcceptable('a perfectly fine passphrase')).not.toThrow();
  });
});

describe('password hashing', () => {
  const hasher = new PasswordHasher();

  it('uses argon2id with the OWASP parameters', async () => {
    const stored = await hasher.hash('a perfectly fine passphrase');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(stored, 'a perfectly fine passphrase')).toBe(true);
    expect(await hasher.verify(stored, 'a perfectly fine passphrasE')).toBe(false);
  });

  it('normalises Unicode so composed and decomposed forms match', async () => {
    const stored = await hasher.hash('caf\u00e9 au lait s\u2019il vous pla\u00eet');
    expect(await hasher.verify(stored, 'cafe\u0301 au lait s\u2019il vous pla\u00eet')).toBe(true);
  });

  it('treats a malformed stored hash as a failed match and fails the dummy check', async () => {
    expect(await hasher.verify('not-a-hash', 'whatever password')).toBe(false);
    expect(await hasher.verifyDummy('whatever password')).toBe(false);
  });

  it('spells Argon2id the way the library means it', async () => {
    const raw = await hash('x', ARGON2_OPTIONS);
    expect(await verify(raw, 'x')).toBe(true);
  });
});
