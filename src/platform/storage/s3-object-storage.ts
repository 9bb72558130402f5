import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { Clock } from '../clock/clock';
import {
  assertObjectKey,
  ObjectInfo,
  ObjectStorage,
  PresignedUpload,
  signingInstant,
  StoredObject,
} from './object-storage';

export interface S3StorageOptions {
  endpoint?: string;
  publicEndpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

type S3Module = typeof import('@aws-sdk/client-s3');
type PresignerModule = typeof import('@aws-sdk/s3-request-presigner');

/** SigV4 refuses presigned URLs that live longer than a week. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** DeleteObjects takes at most this many keys a call. */
const DELETE_BATCH = 1000;

const isNotFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

/**
 * Objects in one bucket of an S3-compatible store (AWS, MinIO, …), through the AWS SDK. The SDK is loaded on
 * first use, so a process that never touches storage does not pay for it. Checksums are sent only where S3
 * requires them: several S3-compatible stores refuse the SDK's newer default.
 */
export class S3ObjectStorage extends ObjectStorage {
  private sdk?: { s3: S3Module; presigner: PresignerModule; client: S3Client; publicClient: S3Client };

  constructor(
    private readonly options: S3StorageOptions,
    private readonly clock: Clock,
  ) {
    super();
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertObjectKey(key);
    const { s3, client } = this.load();
    await client.send(
      new s3.PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
      }),
    );
  }

  async get(key: string): Promise<StoredObject | null> {
    assertObjectKey(key);
    const { s3, client } = this.load();
    try {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      return { body: Buffer.from(bytes), contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertObjectKey(key);
    const { s3, client } = this.load();
    try {
      const out = await client.send(new s3.HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach(assertObjectKey);
    if (keys.length === 0) return;
    const { s3, client } = this.load();
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const out = await client.send(
        new s3.DeleteObjectsCommand({
          Bucket: this.options.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length > 0) {
        throw new Error(`S3 refused to delete ${failed.map((e) => `${e.Key}: ${e.Code}`).join(', ')}`);
      }
    }
  }

  async presignUpload(
    key: string,
    contentType: string,
    _maxBytes: number,
    ttlSeconds: number,
  ): Promise<PresignedUpload> {
    assertObjectKey(key);
    const { s3, presigner, publicClient } = this.load();
    const now = this.clock.now();
    const expiresIn = Math.min(ttlSeconds, MAX_PRESIGN_SECONDS);
    const url = await presigner.getSignedUrl(
      publicClient,
      new s3.PutObjectCommand({ Bucket: this.options.bucket, Key: key, ContentType: contentType }),
      { expiresIn, signingDate: now, signableHeaders: new Set(['content-type']) },
    );
    return {
      url,
      method: 'PUT',
      headers: { 'Content-Type': contentType },
      expiresAt: new Date(now.getTime() + expiresIn * 1000),
    };
  }

  async presignDownload(key: string, ttlSeconds: number): Promise<string> {
    assertObjectKey(key);
    const { s3, presigner, publicClient } = this.load();
    // Signed as of the hour (see ObjectStorage.presignDownload), within SigV4's week.
    const signedAt = signingInstant(this.clock.now());
    return presigner.getSignedUrl(
      publicClient,
      new s3.GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
      { expiresIn: Math.min(3600 + ttlSeconds, MAX_PRESIGN_SECONDS), signingDate: new Date(signedAt * 1000) },
    );
  }

  private load(): NonNullable<S3ObjectStorage['sdk']> {
    if (this.sdk) return this.sdk;
    // Loaded here, not at the top: the SDK weighs tens of megabytes that a process without storage never needs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const s3 = require('@aws-sdk/client-s3') as S3Module;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const presigner = require('@aws-sdk/s3-request-presigner') as PresignerModule;
    const config = (endpoint?: string): S3ClientConfig => ({
      endpoint,
      region: this.options.region,
      forcePathStyle: this.options.forcePathStyle,
      credentials: {
        accessKeyId: this.options.accessKeyId,
        secretAccessKey: this.options.secretAccessKey,
      },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const client = new s3.S3Client(config(this.options.endpoint));
    const publicClient = this.options.publicEndpoint
      ? new s3.S3Client(config(this.options.publicEndpoint))
      : client;
    this.sdk = { s3, presigner, client, publicClient };
    return this.sdk;
  }

  /** Closes the SDK's connections (at shutdown). */
  close(): void {
    this.sdk?.client.destroy();
    if (this.sdk && this.sdk.publicClient !== this.sdk.client) this.sdk.publicClient.destroy();
  }
}
