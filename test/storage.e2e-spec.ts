import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config/app-config';
import { Clock } from '../src/platform/clock/clock';
import { ObjectStorage } from '../src/platform/storage/object-storage';
import { createObjectStorage } from '../src/platform/storage/storage.module';
import { createTestApp, TestApp } from './app';
import { LocalS3 } from './support/local-s3';

/** The path and query of a URL the local driver signed, for supertest. */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const bytes = (n: number, fill = 7) => Buffer.alloc(n, fill);

/** What every driver must do the same way. */
async function roundTrip(storage: ObjectStorage, prefix: string): Promise<void> {
  const key = `${prefix}/docs/a.pdf`;
  expect(await storage.get(key)).toBeNull();
  expect(await storage.head(key)).toBeNull();
  await storage.put(key, Buffer.from('%PDF-1.7 hello'), 'application/pdf');
  expect(await storage.head(key)).toEqual({ size: 14, contentType: 'application/pdf' });
  const read = await storage.get(key);
  expect(read?.contentType).toBe('application/pdf');
  expect(read?.body.toString()).toBe('%PDF-1.7 hello');
  // Replacing an object replaces its type too.
  await storage.put(key, Buffer.from('{}'), 'application/json');
  expect(await storage.head(key)).toEqual({ size: 2, contentType: 'application/json' });
  // Missing keys are fine beside present ones.
  await storage.put(`${prefix}/docs/b.bin`, bytes(3), 'application/octet-stream');
  await storage.delete([key, `${prefix}/docs/b.bin`, `${prefix}/never/was`]);
  expect(await storage.get(key)).toBeNull();
  expect(await storage.head(`${prefix}/docs/b.bin`)).toBeNull();
  await storage.delete([]);
  await expect(storage.put('../escape', bytes(1), 'text/plain')).rejects.toThrow(/Invalid object key/);
  await expect(storage.get('a//b')).rejects.toThrow(/Invalid object key/);
}

describe('object storage: the local driver', () => {
  let t: TestApp;
  let storage: ObjectStorage;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tv-storage-'));
    t = await createTestApp({ env: { STORAGE_DIR: dir, STORAGE_MAX_UPLOAD_BYTES: '65536' } });
    storage = t.app.get(ObjectStorage);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => t.clock.reset());

  it('puts, reads, heads and deletes objects, and prunes the folders it empties', async () => {
    await roundTrip(storage, 'rt');
    expect(readdirSync(dir)).not.toContain('rt');
  });

  it('takes an upload at its signed URL and serves it at a signed download URL', async () => {
    const upload = await storage.presignUpload('events/e1/original', 'image/png', 1000, 600);
    expect(upload).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'image/png' } });
    expect(upload.url.startsWith(`${t.config.publicUrl}/api/v1/storage/objects?token=`)).toBe(true);
    expect(upload.expiresAt.getTime()).toBeGreaterThan(Date.now() + 590_000);
    await t.http().put(pathOf(upload.url)).set(upload.headers).send(bytes(1000)).expect(204);
    expect(await storage.head('events/e1/original')).toEqual({ size: 1000, contentType: 'image/png' });

    const url = await storage.presignDownload('events/e1/original', 3600);
    // The same URL all hour, so browsers cache it.
    expect(await storage.presignDownload('events/e1/original', 3600)).toBe(url);
    const res = await t.http().get(pathOf(url)).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+, immutable$/);
    expect(Buffer.compare(res.body as Buffer, bytes(1000))).toBe(0);
  });

  it('refuses an upload with another Content-Type, over its size, or past the server limit, storing nothing', async () => {
    const upload = await storage.presignUpload('events/e2/original', 'image/png', 100, 600);
    const wrongType = await t
      .http()
      .put(pathOf(upload.url))
      .set('Content-Type', 'image/jpeg')
      .send(bytes(10))
      .expect(403);
    expect(wrongType.body.code).toBe('STORAGE_SIGNATURE_INVALID');
    const tooBig = await t.http().put(pathOf(upload.url)).set(upload.headers).send(bytes(101)).expect(413);
    expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');
    const big = await storage.presignUpload('events/e2/original', 'image/png', 10_000_000, 600);
    const overServer = await t.http().put(pathOf(big.url)).set(big.headers).send(bytes(70_000)).expect(413);
    expect(overServer.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await storage.head('events/e2/original')).toBeNull();
  });

  it('refuses forged, altered, cross-method and expired URLs', async () => {
    await storage.put('events/e3/original', bytes(5), 'image/webp');
    const download = pathOf(await storage.presignDownload('events/e3/original', 60));
    const upload = await storage.presignUpload('events/e3/original', 'image/webp', 100, 60);
    const [body, signature] = new URL(download, 'http://x').searchParams.get('token')!.split('.');
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), k: 'events/e4/original' }),
    ).toString('base64url');
    for (const token of [
      `${other}.${signature}`,
      `${body}.${signature.slice(0, -2)}`,
      'garbage',
      `${body}.`,
    ]) {
      const res = await t.http().get(`/api/v1/storage/objects?token=${token}`).expect(403);
      expect(res.body.code).toBe('STORAGE_SIGNATURE_INVALID');
    }
    expect((await t.http().get('/api/v1/storage/objects').expect(400)).body.code).toBe('VALIDATION_FAILED');
    // An upload URL does not read, and a download URL does not write.
    expect((await t.http().get(pathOf(upload.url)).expect(403)).body.code).toBe('STORAGE_SIGNATURE_INVALID');
    const write = await t.http().put(download).set('Content-Type', 'image/webp').send(bytes(5)).expect(403);
    expect(write.body.code).toBe('STORAGE_SIGNATURE_INVALID');

    t.clock.advance(2 * 3600_000);
    const expired = await t.http().get(download).expect(403);
    expect(expired.body.code).toBe('STORAGE_URL_EXPIRED');
    expect(new Date(expired.body.details.expiredAt as string).getTime()).toBeLessThanOrEqual(
      t.clock.now().getTime(),
    );
    const late = await t.http().put(pathOf(upload.url)).set(upload.headers).send(bytes(5)).expect(403);
    expect(late.body.code).toBe('STORAGE_URL_EXPIRED');
  });

  it('answers 404 for a deleted object, and serves unknown types as octet-stream', async () => {
    await storage.put('docs/page', Buffer.from('<script>alert(1)</script>'), 'text/html');
    const url = pathOf(await storage.presignDownload('docs/page', 60));
    const res = await t.http().get(url).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    await storage.delete(['docs/page']);
    expect((await t.http().get(url).expect(404)).body.code).toBe('NOT_FOUND');
  });
});

describe('object storage: the s3 driver against a local S3-compatible server', () => {
  const s3 = new LocalS3();
  let storage: ObjectStorage;

  beforeAll(async () => {
    const env = await s3.start();
    storage = createObjectStorage(loadConfig(env), new Clock());
  });
  afterAll(() => s3.stop());

  it('puts, reads, heads and deletes objects', () => roundTrip(storage, 's3rt'));

  it('presigns an upload the store accepts and a download it serves', async () => {
    const upload = await storage.presignUpload('events/e9/original', 'image/png', 1000, 600);
    expect(upload.url.startsWith(`${s3.endpoint}/${s3.bucket}/events/e9/original?`)).toBe(true);
    const put = await fetch(upload.url, {
      method: upload.method,
      headers: upload.headers,
      body: bytes(1000),
    });
    expect(put.status).toBe(200);
    expect(await storage.head('events/e9/original')).toEqual({ size: 1000, contentType: 'image/png' });
    const url = await storage.presignDownload('events/e9/original', 3600);
    expect(await storage.presignDownload('events/e9/original', 3600)).toBe(url);
    const get = await fetch(url);
    expect(get.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await get.arrayBuffer()), bytes(1000))).toBe(0);
  });

  it('signs the Content-Type into the upload URL', async () => {
    // s3rver checks the key and the expiry of a SigV4 URL but not its signature, so the header's part is read here.
    const upload = await storage.presignUpload('events/e10/original', 'image/png', 1000, 600);
    const query = new URL(upload.url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(Number(query.get('X-Amz-Expires'))).toBe(600);
  });
});
