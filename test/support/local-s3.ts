import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A local S3-compatible server (s3rver) on a free loopback port, with one bucket, its data in a temporary folder.
 * s3rver checks SigV4 signatures (header and presigned) against its fixed key pair, given in `env`.
 */
export class LocalS3 {
  readonly bucket = 'tv-test';
  private server?: S3rver;
  private dir?: string;
  endpoint = '';

  async start(): Promise<Record<string, string>> {
    this.dir = mkdtempSync(join(tmpdir(), 'tv-s3-'));
    this.server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: this.dir,
      configureBuckets: [{ name: this.bucket, configs: [] }],
    });
    const { port } = await this.server.run();
    this.endpoint = `http://127.0.0.1:${port}`;
    return this.env;
  }

  /** The app's variables for the s3 driver against this server. */
  get env(): Record<string, string> {
    return {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: this.endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: this.bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    };
  }

  async stop(): Promise<void> {
    await this.server?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
