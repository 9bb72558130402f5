import { canonicalJson, requestFingerprint } from './idempotency.service';

describe('idempotency fingerprint', () => {
  it('ignores object key order but not values, paths or methods', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
    const base = requestFingerprint('POST', '/api/v1/orders', { a: 1 });
    expect(requestFingerprint('POST', '/api/v1/orders', { a: 2 })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/other', { a: 1 })).not.toBe(base);
    expect(requestFingerprint('PUT', '/api/v1/orders', { a: 1 })).not.toBe(base);
  });

  it('treats a missing body like an empty one only when both are null', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({})).toBe('{}');
  });
});
