import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors/domain-error';

/** What a local storage URL allows: reading a key, or writing it with one content type and at most `n` bytes. */
export type StorageGrant =
  | { op: 'get'; key: string; expires: number }
  | { op: 'put'; key: string; expires: number; contentType: string; maxBytes: number };

interface Payload {
  o: 'get' | 'put';
  k: string;
  e: number;
  t?: string;
  n?: number;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * The local driver's URL tokens: `<payload>.<signature>`, the payload a base64url JSON grant, the signature its
 * HMAC-SHA256 under the storage signing secret. Base64url, so it needs no escaping in a query string.
 */
export class StorageUrlSigner {
  constructor(private readonly secret: string) {}

  sign(grant: StorageGrant): string {
    const payload: Payload =
      grant.op === 'get'
        ? { o: 'get', k: grant.key, e: grant.expires }
        : { o: 'put', k: grant.key, e: grant.expires, t: grant.contentType, n: grant.maxBytes };
    const body = b64(JSON.stringify(payload));
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /**
   * The grant a token carries, for `op`, as of `now`: 403 STORAGE_SIGNATURE_INVALID for a forged, altered or
   * malformed token or one made for the other operation, 403 STORAGE_URL_EXPIRED once it has run out.
   */
  verify<O extends StorageGrant['op']>(token: string, op: O, now: Date): Extract<StorageGrant, { op: O }> {
    const [body, signature, extra] = token.split('.');
    const given = Buffer.from(signature ?? '', 'base64url');
    const expected = body ? this.mac(body) : Buffer.alloc(0);
    if (
      extra !== undefined ||
      !body ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      throw new DomainError('STORAGE_SIGNATURE_INVALID', 'The storage URL is not valid');
    }
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    if (payload.o !== op) {
      throw new DomainError(
        'STORAGE_SIGNATURE_INVALID',
        `This storage URL does not allow ${op.toUpperCase()}`,
      );
    }
    if (payload.e * 1000 <= now.getTime()) {
      throw new DomainError('STORAGE_URL_EXPIRED', 'The storage URL has expired', {
        expiredAt: new Date(payload.e * 1000),
      });
    }
    const grant: StorageGrant =
      payload.o === 'get'
        ? { op: 'get', key: payload.k, expires: payload.e }
        : {
            op: 'put',
            key: payload.k,
            expires: payload.e,
            contentType: payload.t ?? '',
            maxBytes: payload.n ?? 0,
          };
    return grant as Extract<StorageGrant, { op: O }>;
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.secret).update(body).digest();
  }
}
