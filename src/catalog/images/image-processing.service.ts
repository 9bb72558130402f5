import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../platform/database/transaction';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { OnJob, Sweep } from '../../platform/jobs/job.decorators';
import { JobName, JobPayloads } from '../../platform/jobs/queues';
import { ObjectStorage } from '../../platform/storage/object-storage';
import { EventImage, ImageVariant } from './event-image.entity';
import {
  MAX_IMAGE_PX,
  originalKey,
  UPLOAD_TTL_SECONDS,
  uploadKey,
  variantKey,
  variantWidths,
} from './image-rules';
import { ImageStatus } from './image-status';

type Sharp = typeof import('sharp');

/** A processing image untouched this long lost its job (Redis forgot it, or its worker died). */
const STUCK_PROCESSING_MS = 2 * 60_000;
/** A pending image older than its upload URL plus this was abandoned. */
const ABANDONED_UPLOAD_MS = UPLOAD_TTL_SECONDS * 1000 + 60 * 60_000;
const SWEEP_BATCH = 20;

/** The variants of one image, encoded but not yet stored. */
interface Encoded extends ImageVariant {
  data: Buffer;
}

/**
 * The worker's side of event images: resized WebP variants of each accepted upload (sharp, loaded only here),
 * and the removal of deleted images' objects. Both jobs are safe to run twice; a sweep redoes whatever Redis
 * forgot and drops uploads that were never completed.
 */
@Injectable()
export class ImageProcessingService {
  private readonly logger = new Logger(ImageProcessingService.name);
  private sharp?: Sharp;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly events: DomainEvents,
  ) {}

  @OnJob(JobName.MakeImageVariants)
  async variantsJob({ imageId }: JobPayloads[JobName.MakeImageVariants]): Promise<void> {
    await this.makeVariants(imageId);
  }

  @OnJob(JobName.PurgeEventImages)
  async purgeJob({ eventId }: JobPayloads[JobName.PurgeEventImages]): Promise<void> {
    await this.purge(eventId);
  }

  /**
   * Makes and stores the variants of a processing image, then marks it ready (the catalog shows it). An image
   * sharp cannot decode fails and its original goes. Returns the image's status afterwards.
   */
  async makeVariants(imageId: string): Promise<ImageStatus | null> {
    const image = await this.dataSource.manager.findOneBy(EventImage, { id: imageId });
    if (!image || image.status !== ImageStatus.Processing) return image?.status ?? null;
    const original = await this.storage.get(image.storageKey);
    let encoded: Encoded[];
    try {
      if (!original) throw new Error('the original is missing');
      encoded = await this.encode(image, original.body);
    } catch (err) {
      this.logger.warn({ err, imageId }, 'image undecodable');
      await this.storage.delete([image.storageKey]);
      await this.dataSource.manager.update(
        EventImage,
        { id: imageId, status: ImageStatus.Processing },
        { status: ImageStatus.Failed, failureReason: 'undecodable' },
      );
      return ImageStatus.Failed;
    }
    // Storage errors are not the image's fault: they throw, and the job retries.
    for (const v of encoded) await this.storage.put(v.key, v.data, 'image/webp');
    const variants = encoded.map(({ width, height, key, size }) => ({ width, height, key, size }));
    const ready = await inTransaction(this.dataSource, undefined, async (tx) => {
      const result = await tx.update(
        EventImage,
        { id: imageId, status: ImageStatus.Processing },
        { status: ImageStatus.Ready, variants },
      );
      if (!result.affected) return false;
      await this.events.emit(tx, 'CatalogChanged', { eventId: image.eventId });
      return true;
    });
    if (!ready) {
      // Deleted while we worked: whatever the purge found, our variants came after it.
      await this.storage.delete(variants.map((v) => v.key));
      return ImageStatus.Deleting;
    }
    this.logger.log({ imageId, widths: variants.map((v) => v.width) }, 'image variants made');
    return ImageStatus.Ready;
  }

  /** Removes the objects, then the rows, of the event's deleted images. Returns how many went. */
  async purge(eventId: string): Promise<number> {
    const rows = await this.dataSource.manager.find(EventImage, {
      where: { eventId, status: ImageStatus.Deleting },
    });
    if (rows.length === 0) return 0;
    // Every key an image may have had, whatever its row says: a late second upload, a half-made completion.
    // A variant a racing job stores after this is deleted by that job (makeVariants).
    const keys = rows.flatMap((r) => [
      r.storageKey,
      uploadKey(eventId, r.id),
      originalKey(eventId, r.id),
      ...r.variants.map((v) => v.key),
      ...variantWidths(r.width ?? 0).map((w) => variantKey(eventId, r.id, w)),
    ]);
    await this.storage.delete([...new Set(keys)]);
    await this.dataSource.manager.delete(
      EventImage,
      rows.map((r) => r.id),
    );
    this.logger.log({ eventId, images: rows.length }, 'deleted images purged');
    return rows.length;
  }

  /**
   * What Redis may have lost: variants of images stuck in processing, and objects of deleted images. Uploads
   * never completed (pending past their URL's life and an hour) are deleted.
   */
  @Sweep({ name: 'event-images' })
  async sweep(now: Date): Promise<number> {
    const manager = this.dataSource.manager;
    await manager.query(
      `UPDATE event_images SET status = 'deleting', updated_at = now() WHERE status = 'pending' AND created_at < $1`,
      [new Date(now.getTime() - ABANDONED_UPLOAD_MS)],
    );
    const stuck = (await manager.query(
      `SELECT id FROM event_images WHERE status = 'processing' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [new Date(now.getTime() - STUCK_PROCESSING_MS), SWEEP_BATCH],
    )) as { id: string }[];
    for (const { id } of stuck) await this.makeVariants(id);
    const deleted = (await manager.query(
      `SELECT DISTINCT event_id FROM event_images WHERE status = 'deleting' LIMIT $1`,
      [SWEEP_BATCH],
    )) as { event_id: string }[];
    let purged = 0;
    for (const { event_id } of deleted) purged += await this.purge(event_id);
    return stuck.length + purged;
  }

  private async encode(image: EventImage, body: Buffer): Promise<Encoded[]> {
    const sharp = this.loadSharp();
    const encoded: Encoded[] = [];
    for (const width of variantWidths(image.width ?? 0)) {
      const { data, info } = await sharp(body, { limitInputPixels: MAX_IMAGE_PX * MAX_IMAGE_PX })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      encoded.push({
        width: info.width,
        height: info.height,
        key: variantKey(image.eventId, image.id, width),
        size: data.length,
        data,
      });
    }
    return encoded;
  }

  private loadSharp(): Sharp {
    if (!this.sharp) {
      // Loaded on the first image: libvips weighs tens of megabytes that the API process never needs.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.sharp = require('sharp') as Sharp;
      this.sharp.cache(false);
    }
    return this.sharp;
  }
}
