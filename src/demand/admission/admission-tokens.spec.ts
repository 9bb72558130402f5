import { loadConfig } from '../../platform/config/app-config';
import { AdmissionTokens } from './admission-tokens';

describe('AdmissionTokens', () => {
  const tokens = new AdmissionTokens(loadConfig({}));
  const now = new Date('2030-05-01T08:00:00Z');
  const admission = {
    entryId: '5b0d8c7e-2f1a-4c3b-9d8e-7f6a5b4c3d2e',
    eventId: '7c0e3a52-1f9b-4d2e-8a47-3b5c6d7e8f90',
    userId: '0b8f0c1e-7d3a-4e52-9a61-4a3c2f1d5e77',
    expiresAt: new Date(now.getTime() + 60_000),
  };
  const expected = { userId: admission.userId, eventId: admission.eventId, now };

  it('gives back the admission of a genuine token', () => {
    expect(tokens.check(tokens.sign(admission), expected)).toEqual(admission);
  });

  it('refuses altered, foreign, misplaced and expired tokens', () => {
    const token = tokens.sign(admission);
    const [body, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), u: 'someone' }),
    ).toString('base64url');
    expect(tokens.check(`${forged}.${mac}`, expected)).toBe('signature');
    expect(tokens.check('not-a-token', expected)).toBe('malformed');
    expect(tokens.check(token, { ...expected, userId: 'another' })).toBe('other_user');
    expect(tokens.check(token, { ...expected, eventId: 'another' })).toBe('other_event');
    expect(tokens.check(token, { ...expected, now: admission.expiresAt })).toBe('expired');
    const otherKey = new AdmissionTokens(
      loadConfig({ JWT_SECRET: 'another-secret-for-a-different-deployment' }),
    );
    expect(otherKey.check(token, expected)).toBe('signature');
  });
});
