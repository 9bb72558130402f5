import { generateSync } from 'otplib';
import { checkTotp, newTotpSecret, totpUri } from './totp';

describe('totp', () => {
  it('accepts the current code once, then refuses it as a replay', () => {
    const secret = newTotpSecret();
    const code = generateSync({ secret });
    const step = checkTotp(secret, code, null);
    expect(step).toBe(Math.floor(Date.now() / 1000 / 30));
    expect(checkTotp(secret, code, step)).toBeNull();
  });

  it("refuses a wrong code and another secret's code", () => {
    const secret = newTotpSecret();
    expect(checkTotp(secret, generateSync({ secret: newTotpSecret() }), null)).toBeNull();
    const code = generateSync({ secret });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(checkTotp(secret, wrong, null)).toBeNull();
  });

  it('tolerates one step of drift but not two', () => {
    const secret = newTotpSecret();
    const now = Math.floor(Date.now() / 1000);
    expect(checkTotp(secret, generateSync({ secret, epoch: now - 30 }), null)).not.toBeNull();
    expect(checkTotp(secret, generateSync({ secret, epoch: now - 90 }), null)).toBeNull();
  });

  it('makes an otpauth URI naming the issuer and the account', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'ada@example.com');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Ticket%20Vendor:ada%40example\.com\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
    expect(uri).toContain('issuer=Ticket%20Vendor');
  });
});
