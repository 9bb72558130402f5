/** A presigned upload: the client sends the object's bytes with `method` to `url`, with exactly these headers. */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface StoredObject {
  body: Buffer;
  contentType: string;
}

export interface ObjectInfo {
  size: number;
  contentType: string;
}

/**
 * Where the platform keeps objects (event images, documents), by key: `events/<id>/images/<id>/original`. Two
 * drivers (`STORAGE_DRIVER`): local disk behind the API (`npm start`'s default, URLs signed by the API itself)
 * and any S3-compatible store (presigned by the AWS SDK). Keys are relative paths of `[A-Za-z0-9._-]` segments
 * separated by `/` (see `assertObjectKey`).
 */
export abstract class ObjectStorage {
  /** Stores (or replaces) an object. */
  abstract put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object with its content type, or null when there is none. */
  abstract get(key: string): Promise<StoredObject | null>;
  /** The object's size in bytes and content type, without its body; null when there is none. */
  abstract head(key: string): Promise<ObjectInfo | null>;
  /** Deletes these objects; keys with no object are fine. */
  abstract delete(keys: string[]): Promise<void>;
  /**
   * A URL a client may PUT the object to until `ttlSeconds` from now, with `contentType` as its Content-Type.
   * The local driver refuses bodies over `maxBytes`; S3 cannot cap a presigned PUT, so whoever accepts the upload
   * must `head` it and check its size (as event images do on completion).
   */
  abstract presignUpload(
    key: string,
    contentType: string,
    maxBytes: number,
    ttlSeconds: number,
  ): Promise<PresignedUpload>;
  /**
   * A URL anyone may GET the object from until at least `ttlSeconds` from now. Signing times are rounded down to
   * the hour, so a key's URL stays the same for an hour (browsers and CDNs cache it) and lives up to an hour
   * longer than asked.
   */
  abstract presignDownload(key: string, ttlSeconds: number): Promise<string>;
}

const KEY_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Refuses keys that could escape the store's root or read differently on S3 and on disk. */
export function assertObjectKey(key: string): void {
  const segments = key.split('/');
  const ok =
    key.length > 0 &&
    key.length <= 512 &&
    segments.every((s) => KEY_SEGMENT.test(s) && s !== '.' && s !== '..' && !s.endsWith('.meta.json'));
  if (!ok) throw new Error(`Invalid object key: ${JSON.stringify(key)}`);
}

/** Seconds since the epoch of the signing instant: `now` rounded down to the hour (see presignDownload). */
export function signingInstant(now: Date): number {
  return Math.floor(now.getTime() / 3_600_000) * 3600;
}
