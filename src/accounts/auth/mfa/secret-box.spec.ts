import { randomBytes } from 'node:crypto';
import { open, seal } from './secret-box';

describe('secret-box', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = seal('JBSWY3DPEHPK3PXP', key);
    expect(open(a, key)).toBe('JBSWY3DPEHPK3PXP');
    expect(seal('JBSWY3DPEHPK3PXP', key)).not.toBe(a);
  });

  it('refuses another key and an altered ciphertext', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', key);
    expect(() => open(sealed, randomBytes(32))).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('JBSWY3DPEHPK3PXQ').toString('base64url');
    expect(() => open(parts.join('.'), key)).toThrow();
  });
});
