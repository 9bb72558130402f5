import { hashRecoveryCode, isTotpCode, newRecoveryCodes, RECOVERY_CODE_COUNT } from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten distinct codes in the documented shape', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  });

  it('hashes the typed variants of one code alike', () => {
    expect(hashRecoveryCode('K7M2Q X9RTD')).toBe(hashRecoveryCode('k7m2q-x9rtd'));
    expect(hashRecoveryCode('k7m2qx9rtd')).not.toBe(hashRecoveryCode('k7m2qx9rte'));
  });

  it('tells a TOTP code from a recovery code', () => {
    expect(isTotpCode('123456')).toBe(true);
    expect(isTotpCode('123 456')).toBe(true);
    expect(isTotpCode('k7m2q-x9rtd')).toBe(false);
    expect(isTotpCode('1234567')).toBe(false);
  });
});
