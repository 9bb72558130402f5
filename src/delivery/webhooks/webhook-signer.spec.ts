import { newWebhookSecret, signatureFor, signWebhook } from './webhook-signer';

describe('webhook signer', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it("matches the Standard Webhooks reference libraries' test vector", () => {
    // The vector of the spec's reference libraries (secret, id, timestamp, payload → signature).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signatureFor(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('signs with every secret given, space-separated, over the same id and timestamp', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const at = new Date('2030-01-01T00:00:00.000Z');
    const headers = signWebhook([a, b], 'msg_1', at, '{}');
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
    expect(headers['webhook-signature']).toBe(
      `${signatureFor(a, 'msg_1', at.getTime() / 1000, '{}')} ${signatureFor(b, 'msg_1', at.getTime() / 1000, '{}')}`,
    );
  });
});
