import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ObjectStorage } from '../src/platform/storage/object-storage';
import { createTestApp, eventually, TestApp } from './app';
import {
  addMember,
  createApprovedPromoter,
  createEvent,
  createOnSaleEvent,
  OnSaleEvent,
  TestPromoter,
} from './factories/catalog';
import { authHeader, registerUser, TestUser, withRole } from './factories/users';
import { LocalS3 } from './support/local-s3';

const api = (path: string) => `/api/v1${path}`;

type Format = 'png' | 'jpeg' | 'webp';
const TYPES: Record<Format, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/** Real image bytes, made by sharp. */
const imageBytes = (format: Format, width = 1200, height = 800) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 30 } } })
    .toFormat(format)
    .toBuffer();

interface Upload {
  imageId: string;
  upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
}

interface Image {
  id: string;
  status: string;
  width: number | null;
  height: number | null;
  url: string | null;
  variants: { width: number; url: string }[];
  failureReason: string | null;
}

/** The path and query of a URL, for supertest (the local driver's URLs point at the API itself). */
const local = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The flow a promoter's frontend runs, against either storage driver. */
function imageFlow(
  t: () => TestApp,
  put: (upload: Upload['upload'], body: Buffer | string) => Promise<number>,
) {
  const as = (user: TestUser) => ({
    get: (path: string) => t().http().get(api(path)).set(authHeader(user.accessToken)),
    post: (path: string, body: object = {}) =>
      t().http().post(api(path)).set(authHeader(user.accessToken)).send(body),
    delete: (path: string) => t().http().delete(api(path)).set(authHeader(user.accessToken)),
  });

  const start = async (
    user: TestUser,
    eventId: string,
    contentType: string,
    size: number,
  ): Promise<Upload> => {
    const res = await as(user).post(`/events/${eventId}/images`, { contentType, size }).expect(201);
    return res.body as Upload;
  };

  /** Start, upload and complete: the completion's response. */
  const upload = async (user: TestUser, eventId: string, bytes: Buffer, declared: string) => {
    const started = await start(user, eventId, declared, bytes.length);
    expect(await put(started.upload, bytes)).toBeLessThan(300);
    return { started, res: await as(user).post(`/events/${eventId}/images/${started.imageId}/complete`) };
  };

  const ready = (user: TestUser, eventId: string, imageId: string) =>
    eventually(async () => {
      const res = await as(user).get(`/events/${eventId}/images`).expect(200);
      const image = (res.body as Image[]).find((i) => i.id === imageId);
      return image?.status === 'ready' ? image : undefined;
    });

  return { as, start, upload, ready };
}

const storageKeys = async (t: TestApp, imageId: string): Promise<string[]> => {
  const [row] = (await t.dataSource.query(`SELECT storage_key, variants FROM event_images WHERE id = $1`, [
    imageId,
  ])) as { storage_key: string; variants: { key: string }[] }[];
  return row ? [row.storage_key, ...row.variants.map((v) => v.key)] : [];
};

describe('event images: the local storage driver', () => {
  let t: TestApp;
  let dir: string;
  let storage: ObjectStorage;
  let sale: OnSaleEvent;
  let stranger: TestUser;
  const flow = imageFlow(
    () => t,
    async (upload, body) => (await t.http().put(local(upload.url)).set(upload.headers).send(body)).status,
  );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tv-images-'));
    t = await createTestApp({ env: { STORAGE_DIR: dir } });
    storage = t.app.get(ObjectStorage);
    sale = await createOnSaleEvent(t);
    stranger = (await createApprovedPromoter(t)).owner;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a PNG through upload, checks and variants, and shows it on the event pages', async () => {
    const png = await imageBytes('png', 1200, 800);
    const { started, res } = await flow.upload(sale.owner, sale.eventId, png, 'image/png');
    expect(started.upload).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'image/png' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: started.imageId, status: 'processing', width: 1200, height: 800 });

    const image = await flow.ready(sale.owner, sale.eventId, started.imageId);
    expect(image.variants.map((v) => v.width)).toEqual([320, 800]);
    // The variants are WebP of their width, stored beside the original.
    for (const variant of image.variants) {
      const got = await t.http().get(local(variant.url)).buffer(true).expect(200);
      expect(got.headers['content-type']).toBe('image/webp');
      const meta = await sharp(got.body as Buffer).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: variant.width });
    }
    // A second PUT to the still valid upload URL cannot swap the accepted bytes.
    await t
      .http()
      .put(local(started.upload.url))
      .set(started.upload.headers)
      .send(await imageBytes('png', 640, 640))
      .expect(204);
    const original = await t.http().get(local(image.url!)).buffer(true).expect(200);
    expect(Buffer.compare(original.body as Buffer, png)).toBe(0);

    // The public page and the list carry it (the catalog cache was dropped when it became ready).
    const page = await t
      .http()
      .get(api(`/events/${sale.eventId}`))
      .expect(200);
    expect(page.body.images).toEqual([
      {
        id: started.imageId,
        url: image.url,
        width: 1200,
        height: 800,
        variants: image.variants,
      },
    ]);
    const list = await t.http().get(api('/events')).query({ limit: 100 }).expect(200);
    const listed = (list.body.items as { id: string; images: { id: string }[] }[]).find(
      (e) => e.id === sale.eventId,
    );
    expect(listed?.images.map((i) => i.id)).toEqual([started.imageId]);
    // Everyone sees the ready images; completing again changes nothing.
    const pub = await t
      .http()
      .get(api(`/events/${sale.eventId}/images`))
      .expect(200);
    expect((pub.body as Image[]).map((i) => i.id)).toEqual([started.imageId]);
    const again = await flow
      .as(sale.owner)
      .post(`/events/${sale.eventId}/images/${started.imageId}/complete`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('ready');
  });

  it.each(['jpeg', 'webp'] as const)('accepts a %s by its bytes', async (format) => {
    const { started, res } = await flow.upload(
      sale.owner,
      sale.eventId,
      await imageBytes(format, 400, 300),
      TYPES[format],
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'processing',
      contentType: TYPES[format],
      width: 400,
      height: 300,
    });
    const image = await flow.ready(sale.owner, sale.eventId, started.imageId);
    expect(image.variants.map((v) => v.width)).toEqual([320]);
  });

  it.each([
    ['a JPEG sent as a PNG', () => imageBytes('jpeg'), 'image/png', 'type_mismatch'],
    [
      'an SVG sent as a PNG',
      async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
      'image/png',
      'unsupported_type',
    ],
    ['a PNG of 100 × 100 pixels', () => imageBytes('png', 100, 100), 'image/png', 'dimensions_out_of_range'],
  ])('refuses %s on completion, deleting the upload', async (_, bytes, declared, reason) => {
    const { started, res } = await flow.upload(sale.owner, sale.eventId, await bytes(), declared);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'IMAGE_INVALID', details: { imageId: started.imageId, reason } });
    const key = (await storageKeys(t, started.imageId))[0];
    expect(await storage.head(key)).toBeNull();
    // The refusal stands; the team sees why.
    const again = await flow
      .as(sale.owner)
      .post(`/events/${sale.eventId}/images/${started.imageId}/complete`);
    expect(again.status).toBe(422);
    const listed = await flow.as(sale.owner).get(`/events/${sale.eventId}/images`).expect(200);
    expect((listed.body as Image[]).find((i) => i.id === started.imageId)).toMatchObject({
      status: 'failed',
      failureReason: reason,
      url: null,
    });
  });

  it('refuses oversize images: declared, uploaded or stored', async () => {
    const declared = await flow.as(sale.owner).post(`/events/${sale.eventId}/images`, {
      contentType: 'image/png',
      size: 10 * 1024 * 1024 + 1,
    });
    expect(declared.status).toBe(400);
    expect(declared.body.code).toBe('VALIDATION_FAILED');
    const started = await flow.start(sale.owner, sale.eventId, 'image/png', 1000);
    // The local driver's URL takes no more than 10 MB…
    const png = await imageBytes('png');
    const tooBig = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]);
    const put = await t.http().put(local(started.upload.url)).set(started.upload.headers).send(tooBig);
    expect(put.status).toBe(413);
    expect(put.body.code).toBe('PAYLOAD_TOO_LARGE');
    // …and an S3 URL cannot cap it, so completion checks the stored size.
    await storage.put((await storageKeys(t, started.imageId))[0], tooBig, 'image/png');
    const res = await flow.as(sale.owner).post(`/events/${sale.eventId}/images/${started.imageId}/complete`);
    expect(res.status).toBe(422);
    expect(res.body.details.reason).toBe('too_large');
  });

  it('answers 409 IMAGE_NOT_UPLOADED before the upload, then completes after it', async () => {
    const started = await flow.start(sale.owner, sale.eventId, 'image/webp', 1000);
    const early = await flow
      .as(sale.owner)
      .post(`/events/${sale.eventId}/images/${started.imageId}/complete`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('IMAGE_NOT_UPLOADED');
    await t
      .http()
      .put(local(started.upload.url))
      .set(started.upload.headers)
      .send(await imageBytes('webp', 300, 300))
      .expect(204);
    const done = await flow.as(sale.owner).post(`/events/${sale.eventId}/images/${started.imageId}/complete`);
    expect(done.status).toBe(200);
  });

  it("hides an event's images from other promoters (404) and drafts' images from the public", async () => {
    const started = await flow.start(sale.owner, sale.eventId, 'image/png', 1000);
    for (const res of [
      await flow.as(stranger).post(`/events/${sale.eventId}/images`, { contentType: 'image/png', size: 10 }),
      await flow.as(stranger).post(`/events/${sale.eventId}/images/${started.imageId}/complete`),
      await flow.as(stranger).delete(`/events/${sale.eventId}/images/${started.imageId}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    // Door staff of the promoter may not manage images.
    const staff = await registerUser(t);
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    const byStaff = await flow
      .as(await withRole(t, staff, 'promoter'))
      .post(`/events/${sale.eventId}/images`, {
        contentType: 'image/png',
        size: 10,
      });
    expect(byStaff.status).toBe(403);
    expect(byStaff.body.code).toBe('FORBIDDEN');
    const draft = await createEvent(t, sale.promoter);
    await t
      .http()
      .get(api(`/events/${draft.id}/images`))
      .expect(404);
    await flow.as(sale.owner).get(`/events/${draft.id}/images`).expect(200);
  });

  it('allows at most 10 images an event, also to uploads started at the same time', async () => {
    const event = await createEvent(t, sale.promoter);
    for (let i = 0; i < 8; i++) await flow.start(sale.owner, event.id, 'image/png', 1000);
    const racing = await Promise.all(
      [1, 2, 3].map(() =>
        flow.as(sale.owner).post(`/events/${event.id}/images`, { contentType: 'image/png', size: 10 }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 409]);
    const refused = racing.find((r) => r.status === 409)!;
    expect(refused.body).toMatchObject({ code: 'IMAGE_LIMIT_REACHED', details: { max: 10 } });
    const [{ count }] = (await t.dataSource.query(
      `SELECT count(*)::int AS count FROM event_images WHERE event_id = $1`,
      [event.id],
    )) as { count: number }[];
    expect(count).toBe(10);
  });

  it('deletes an image with its original and variants', async () => {
    const { started } = await flow.upload(
      sale.owner,
      sale.eventId,
      await imageBytes('jpeg', 900, 600),
      'image/jpeg',
    );
    await flow.ready(sale.owner, sale.eventId, started.imageId);
    const keys = await storageKeys(t, started.imageId);
    expect(keys).toHaveLength(3);
    await flow.as(sale.owner).delete(`/events/${sale.eventId}/images/${started.imageId}`).expect(204);
    const page = await t
      .http()
      .get(api(`/events/${sale.eventId}`))
      .expect(200);
    expect((page.body.images as { id: string }[]).map((i) => i.id)).not.toContain(started.imageId);
    await eventually(async () => (await storageKeys(t, started.imageId)).length === 0);
    for (const key of keys) expect(await storage.head(key)).toBeNull();
    await flow.as(sale.owner).delete(`/events/${sale.eventId}/images/${started.imageId}`).expect(404);
  });

  it("removes a deleted event's images from storage", async () => {
    const event = await createEvent(t, sale.promoter);
    const { started } = await flow.upload(
      sale.owner,
      event.id,
      await imageBytes('png', 500, 500),
      'image/png',
    );
    await flow.ready(sale.owner, event.id, started.imageId);
    const keys = await storageKeys(t, started.imageId);
    await flow.as(sale.owner).delete(`/events/${event.id}`).expect(204);
    await eventually(async () => (await storageKeys(t, started.imageId)).length === 0);
    for (const key of keys) expect(await storage.head(key)).toBeNull();
  });

  it('sweeps abandoned uploads and makes variants a lost job never made', async () => {
    const event = await createEvent(t, sale.promoter);
    const abandoned = await flow.start(sale.owner, event.id, 'image/png', 1000);
    await t
      .http()
      .put(local(abandoned.upload.url))
      .set(abandoned.upload.headers)
      .send(await imageBytes('png'))
      .expect(204);
    const key = (await storageKeys(t, abandoned.imageId))[0];
    // A processing image whose job Redis lost.
    const { started } = await flow.upload(
      sale.owner,
      event.id,
      await imageBytes('png', 300, 300),
      'image/png',
    );
    await flow.ready(sale.owner, event.id, started.imageId);
    await t.dataSource.query(`UPDATE event_images SET status = 'processing', variants = '[]' WHERE id = $1`, [
      started.imageId,
    ]);
    await t.sweep('event-images', new Date(Date.now() + 3 * 3600_000));
    expect(await storageKeys(t, abandoned.imageId)).toEqual([]);
    expect(await storage.head(key)).toBeNull();
    const [row] = (await t.dataSource.query(`SELECT status, variants FROM event_images WHERE id = $1`, [
      started.imageId,
    ])) as { status: string; variants: unknown[] }[];
    expect(row).toMatchObject({ status: 'ready', variants: [expect.objectContaining({ width: 300 })] });
  });
});

describe('event images: the s3 driver against a local S3-compatible server', () => {
  const s3 = new LocalS3();
  let t: TestApp;
  let promoter: TestPromoter;
  const flow = imageFlow(
    () => t,
    async (upload, body) =>
      (await fetch(upload.url, { method: upload.method, headers: upload.headers, body })).status,
  );

  beforeAll(async () => {
    t = await createTestApp({ env: await s3.start() });
    promoter = await createApprovedPromoter(t);
  });
  afterAll(async () => {
    await t.close();
    await s3.stop();
  });

  it('uploads straight to the bucket, makes the variants there and deletes them', async () => {
    const event = await createEvent(t, promoter);
    const png = await imageBytes('png', 1800, 1000);
    const { started, res } = await flow.upload(promoter.owner, event.id, png, 'image/png');
    expect(started.upload.url.startsWith(`${s3.endpoint}/${s3.bucket}/events/${event.id}/images/`)).toBe(
      true,
    );
    expect(res.status).toBe(200);
    const image = await flow.ready(promoter.owner, event.id, started.imageId);
    expect(image.variants.map((v) => v.width)).toEqual([320, 800, 1600]);
    const variant = await fetch(image.variants[2].url);
    expect(variant.status).toBe(200);
    expect(await sharp(Buffer.from(await variant.arrayBuffer())).metadata()).toMatchObject({
      format: 'webp',
      width: 1600,
    });
    // The local driver's routes are not there with S3.
    const localRoute = await t.http().get(api('/storage/objects')).query({ token: 'x' });
    expect(localRoute.status).toBe(404);

    const keys = await storageKeys(t, started.imageId);
    const storage = t.app.get(ObjectStorage);
    await flow.as(promoter.owner).delete(`/events/${event.id}/images/${started.imageId}`).expect(204);
    await eventually(async () => (await storageKeys(t, started.imageId)).length === 0);
    for (const key of keys) expect(await storage.head(key)).toBeNull();
  });
});
