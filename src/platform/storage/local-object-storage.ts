import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Clock } from '../clock/clock';
import { API_PREFIX } from '../http/api-prefix';
import {
  assertObjectKey,
  ObjectInfo,
  ObjectStorage,
  PresignedUpload,
  signingInstant,
  StoredObject,
} from './object-storage';
import { StorageUrlSigner } from './storage-url-signer';

/** The route that serves the local driver's signed URLs (storage.controller.ts). */
export const LOCAL_STORAGE_ROUTE = 'storage';
export const LOCAL_STORAGE_OBJECTS = 'objects';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Objects as files under `STORAGE_DIR`, each with a `<key>.meta.json` beside it for its content type. Uploads
 * and downloads go through the API's `/storage/objects?token=` route, the token signed here. Writes land in a temporary
 * file renamed into place, so a reader never sees half an object. Every instance must share the folder.
 */
export class LocalObjectStorage extends ObjectStorage {
  private readonly root: string;

  constructor(
    dir: string,
    readonly signer: StorageUrlSigner,
    private readonly publicUrl: string,
    private readonly clock: Clock,
  ) {
    super();
    this.root = resolve(dir);
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const suffix = `.${randomBytes(6).toString('hex')}.tmp`;
    // The meta first: a reader that finds the object always finds its content type.
    await writeFile(`${path}.meta.json${suffix}`, JSON.stringify({ contentType }));
    await rename(`${path}.meta.json${suffix}`, `${path}.meta.json`);
    await writeFile(`${path}${suffix}`, body);
    await rename(`${path}${suffix}`, path);
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    try {
      const [body, contentType] = await Promise.all([readFile(path), this.contentTypeOf(path)]);
      return { body, contentType };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const path = this.pathOf(key);
    try {
      const [info, contentType] = await Promise.all([stat(path), this.contentTypeOf(path)]);
      return { size: info.size, contentType };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    const paths = keys.map((k) => this.pathOf(k));
    for (const path of paths) {
      for (const file of [path, `${path}.meta.json`]) {
        await unlink(file).catch((err: unknown) => {
          if (!isMissing(err)) throw err;
        });
      }
    }
    // Empty folders left behind go too, up to the root (a folder still in use refuses).
    for (const dir of new Set(paths.map((p) => dirname(p)))) await this.pruneFrom(dir);
  }

  presignUpload(
    key: string,
    contentType: string,
    maxBytes: number,
    ttlSeconds: number,
  ): Promise<PresignedUpload> {
    assertObjectKey(key);
    const expires = Math.floor(this.clock.now().getTime() / 1000) + ttlSeconds;
    const token = this.signer.sign({ op: 'put', key, expires, contentType, maxBytes });
    return Promise.resolve({
      url: this.urlOf(token),
      method: 'PUT',
      headers: { 'Content-Type': contentType },
      expiresAt: new Date(expires * 1000),
    });
  }

  presignDownload(key: string, ttlSeconds: number): Promise<string> {
    assertObjectKey(key);
    // Signed as of the hour: the same URL all hour, valid at least ttlSeconds from now.
    const expires = signingInstant(this.clock.now()) + 3600 + ttlSeconds;
    return Promise.resolve(this.urlOf(this.signer.sign({ op: 'get', key, expires })));
  }

  private urlOf(token: string): string {
    return `${this.publicUrl}/${API_PREFIX}/${LOCAL_STORAGE_ROUTE}/${LOCAL_STORAGE_OBJECTS}?token=${token}`;
  }

  private pathOf(key: string): string {
    assertObjectKey(key);
    return join(this.root, ...key.split('/'));
  }

  private async contentTypeOf(path: string): Promise<string> {
    const meta = JSON.parse(await readFile(`${path}.meta.json`, 'utf8')) as { contentType: string };
    return meta.contentType;
  }

  private async pruneFrom(dir: string): Promise<void> {
    for (let current = dir; current.startsWith(`${this.root}/`); current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
    }
  }
}
