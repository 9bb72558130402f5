import { createHash } from 'node:crypto';

/** The UUIDv5 namespace of ids derived from idempotency keys (a fixed random UUID of this project). */
const NAMESPACE = Buffer.from('6f0f5c1e3a9d4f7b8c2e1d4a5b6c7d8e', 'hex');

/**
 * The id of the object a request with this `Idempotency-Key` creates: a name-based UUID (RFC 9562 version 5)
 * of the kind of object, the user and the key. It lets the creating transaction itself record which key it
 * served, with no extra column or write: when a COMMIT's outcome is unknown (the connection died under it), a
 * retry with the same key looks the object up by this id and finds it if, and only if, the first attempt
 * committed. The primary key makes a second insert impossible either way.
 */
export function idempotentId(kind: string, userId: string, key: string): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(JSON.stringify([kind, userId, key]))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
