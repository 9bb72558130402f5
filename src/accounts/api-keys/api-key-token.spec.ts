import { createHash } from 'node:crypto';
import { newApiKeyToken, parseApiKeyToken, secretMatches, visiblePrefix } from './api-key-token';

describe('API key tokens', () => {
  it('are tvk_, a 16-hex prefix and a 32-byte secret, and keep only the SHA-256 of the secret', () => {
    const { token, prefix, secretHash } = newApiKeyToken();
    expect(token).toMatch(/^tvk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(`${visiblePrefix(prefix)}_`)).toBe(true);
    const secret = token.slice(visiblePrefix(prefix).length + 1);
    expect(secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(secretHash).not.toContain(secret);
  });

  it('are new every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newApiKeyToken().token));
    expect(tokens.size).toBe(50);
  });

  it('parse into prefix and secret, and refuse anything else', () => {
    const { token, prefix } = newApiKeyToken();
    expect(parseApiKeyToken(token)).toEqual({ prefix, secret: token.slice(21) });
    for (const bad of [
      '',
      'tvk_',
      token.slice(0, -1),
      `${token}A`,
      token.replace('tvk_', 'tvd_'),
      token.toUpperCase(),
      `${token.slice(0, 20)}-${token.slice(21)}`,
      ` ${token}`,
    ]) {
      expect([bad, parseApiKeyToken(bad)]).toEqual([bad, null]);
    }
  });

  it('match only their own secret', () => {
    const a = newApiKeyToken();
    const b = newApiKeyToken();
    const secretOf = (token: string) => parseApiKeyToken(token)!.secret;
    expect(secretMatches(secretOf(a.token), a.secretHash)).toBe(true);
    expect(secretMatches(secretOf(b.token), a.secretHash)).toBe(false);
    expect(secretMatches(secretOf(a.token), 'not-hex')).toBe(false);
  });
});
