import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { AppConfig } from '../../platform/config/app-config';
import { inTransaction } from '../../platform/database/transaction';
import { DomainError } from '../../platform/errors/domain-error';
import { DomainEventMap } from '../../platform/events/domain-events';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { queueBestEffort } from '../../platform/jobs/queue-best-effort';
import { JobName, QueueName } from '../../platform/jobs/queues';
import { ObjectStorage } from '../../platform/storage/object-storage';
import { EventAccessService } from '../events/event-access.service';
import { Event } from '../events/event.entity';
import { ImageDto, CreateImageUploadDto, ImageUploadDto } from './dto/image.dto';
import { EventImageViews } from './event-image-views';
import { EventImage } from './event-image.entity';
import {
  ImageRefusal,
  inspectImage,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_EVENT,
  originalKey,
  UPLOAD_TTL_SECONDS,
  uploadKey,
} from './image-rules';
import { IMAGE_STATES, ImageStatus, LIVE_IMAGE_STATUSES } from './image-status';

/**
 * An event's images, as its team manages them: an upload URL for each new image (the browser sends the bytes
 * straight to storage), the checks on completion (magic bytes, size, pixel dimensions) and deletion. The worker
 * (ImageProcessingService) makes the variants and removes deleted images' objects. Storage is never called with
 * a row locked.
 */
@Injectable()
export class ImagesService {
  private readonly logger = new Logger(ImagesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventAccess: EventAccessService,
    private readonly promoterAccess: AccessService,
    private readonly storage: ObjectStorage,
    private readonly views: EventImageViews,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Images) private readonly queue: Queue,
  ) {}

  /** A new pending image and the URL to upload it to. 409 IMAGE_LIMIT_REACHED past the event's limit. */
  async createUpload(
    user: AuthUser,
    eventId: string,
    dto: CreateImageUploadDto,
    meta: RequestMeta,
  ): Promise<ImageUploadDto> {
    const image = await inTransaction(this.dataSource, undefined, async (tx) => {
      // The event row stays locked to commit, so two uploads cannot both take the last place.
      const event = await this.eventAccess.forWrite(user, eventId, MemberRole.Manager, tx);
      const live = await tx.count(EventImage, {
        where: LIVE_IMAGE_STATUSES.map((status) => ({ eventId, status })),
      });
      if (live >= MAX_IMAGES_PER_EVENT) {
        throw new DomainError('IMAGE_LIMIT_REACHED', `An event has at most ${MAX_IMAGES_PER_EVENT} images`, {
          max: MAX_IMAGES_PER_EVENT,
        });
      }
      const [{ next }] = (await tx.query(
        `SELECT COALESCE(MAX(position) + 1, 0)::int AS next FROM event_images WHERE event_id = $1 AND status <> 'deleting'`,
        [eventId],
      )) as [{ next: number }];
      const id = randomUUID();
      const created = await tx.save(
        tx.create(EventImage, {
          id,
          eventId,
          storageKey: uploadKey(eventId, id),
          status: ImageStatus.Pending,
          contentType: dto.contentType,
          size: dto.size,
          position: next,
        }),
      );
      await this.record(tx, user, 'event_image.created', event, created, meta);
      return created;
    });
    const upload = await this.storage.presignUpload(
      image.storageKey,
      image.contentType,
      MAX_IMAGE_BYTES,
      UPLOAD_TTL_SECONDS,
    );
    return { imageId: image.id, upload };
  }

  /**
   * Checks the uploaded bytes and hands a good image to the worker. Idempotent: a checked image answers as it
   * is, a refused one with its refusal again. 409 IMAGE_NOT_UPLOADED while nothing was uploaded; 422
   * IMAGE_INVALID (the object deleted, the image failed) for bytes that are no JPEG, PNG or WebP, another type
   * than declared, over 10 MB or out of the pixel bounds.
   */
  async complete(user: AuthUser, eventId: string, imageId: string): Promise<ImageDto> {
    const image = await this.findForTeam(user, eventId, imageId);
    if (image.status === ImageStatus.Failed) throw this.refusal(image.id, image.failureReason);
    if (image.status !== ImageStatus.Pending) return this.views.manage(image);

    const info = await this.storage.head(image.storageKey);
    if (!info) {
      throw new DomainError('IMAGE_NOT_UPLOADED', 'Upload the file to the upload URL first', {
        imageId: image.id,
      });
    }
    if (info.size > MAX_IMAGE_BYTES) return this.refuse(image, 'too_large');
    const object = await this.storage.get(image.storageKey);
    if (!object) throw new DomainError('IMAGE_NOT_UPLOADED', 'Upload the file to the upload URL first');
    const checked = inspectImage(object.body, image.contentType);
    if (!checked.ok) return this.refuse(image, checked.reason);

    // The checked bytes become the original; the upload URL can no longer change them.
    const original = originalKey(image.eventId, image.id);
    await this.storage.put(original, object.body, checked.contentType);
    const moved = await this.move(image.id, ImageStatus.Processing, {
      storageKey: original,
      contentType: checked.contentType,
      size: object.body.length,
      width: checked.width,
      height: checked.height,
    });
    // Someone else completed (or deleted) it meanwhile: answer what it is now.
    if (!moved) return this.views.manage(await this.findForTeam(user, eventId, imageId));
    await this.storage.delete([image.storageKey]);
    await this.queueVariants(image.id);
    this.logger.log({ imageId, eventId, width: checked.width, height: checked.height }, 'image accepted');
    return this.views.manage(moved);
  }

  /** The event's images: every status but deleted for its team, the ready ones for everyone else. */
  async list(viewer: AuthUser | undefined, eventId: string): Promise<ImageDto[]> {
    const { isMember } = await this.eventAccess.visible(viewer, eventId);
    const rows = await this.dataSource.manager.find(EventImage, {
      where: isMember
        ? { eventId, status: Not(ImageStatus.Deleting) }
        : { eventId, status: ImageStatus.Ready },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    return Promise.all(rows.map((row) => this.views.manage(row)));
  }

  /** Deletes an image: gone from the event at once, its objects removed by the worker. */
  async remove(user: AuthUser, eventId: string, imageId: string, meta: RequestMeta): Promise<void> {
    await inTransaction(this.dataSource, undefined, async (tx) => {
      const event = await this.eventAccess.forWrite(user, eventId, MemberRole.Manager, tx, {
        entity: 'Image',
        id: imageId,
      });
      const image = await tx.findOne(EventImage, {
        where: { id: imageId, eventId, status: Not(ImageStatus.Deleting) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!image) throw DomainError.notFound('Image', imageId);
      IMAGE_STATES.assert(image.status, ImageStatus.Deleting);
      await tx.update(EventImage, image.id, { status: ImageStatus.Deleting });
      await this.record(tx, user, 'event_image.deleted', event, image, meta);
      if (image.status === ImageStatus.Ready) await this.events.emit(tx, 'CatalogChanged', { eventId });
    });
    await this.queuePurge(eventId);
  }

  /** A deleted event's images go with it, in its transaction. */
  @OnDomainEvent('EventDeleted', 'in-transaction')
  async onEventDeleted({ eventId }: DomainEventMap['EventDeleted'], tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE event_images SET status = 'deleting', updated_at = now() WHERE event_id = $1 AND status <> 'deleting'`,
      [eventId],
    );
  }

  /** …and their objects once it has committed (the worker's sweep does it should this be lost). */
  @OnDomainEvent('EventDeleted', 'after-commit')
  async afterEventDeleted({ eventId }: DomainEventMap['EventDeleted']): Promise<void> {
    await this.queuePurge(eventId);
  }

  /** The image of a live event, for a manager of its promoter (or an admin); 404 for everyone else. */
  private async findForTeam(user: AuthUser, eventId: string, imageId: string): Promise<EventImage> {
    const notFound = { entity: 'Image', id: imageId };
    const event = await this.dataSource.manager.findOne(Event, {
      where: { id: eventId },
      select: { id: true, promoterId: true },
    });
    if (!event) throw DomainError.notFound(notFound.entity, notFound.id);
    await this.promoterAccess.requireMember(user, event.promoterId, MemberRole.Manager, { notFound });
    const image = await this.dataSource.manager.findOne(EventImage, {
      where: { id: imageId, eventId, status: Not(ImageStatus.Deleting) },
    });
    if (!image) throw DomainError.notFound(notFound.entity, notFound.id);
    return image;
  }

  /** Deletes the refused upload, marks the image failed and answers 422 IMAGE_INVALID. */
  private async refuse(image: EventImage, reason: ImageRefusal): Promise<never> {
    await this.storage.delete([image.storageKey]);
    await this.move(image.id, ImageStatus.Failed, { failureReason: reason });
    this.logger.log({ imageId: image.id, eventId: image.eventId, reason }, 'image refused');
    throw this.refusal(image.id, reason);
  }

  private refusal(imageId: string, reason: string | null): DomainError<'IMAGE_INVALID'> {
    return new DomainError('IMAGE_INVALID', `The image was refused: ${reason ?? 'invalid'}`, {
      imageId,
      reason: reason ?? 'undecodable',
    });
  }

  /** Moves a pending image in one conditional update; null when it was no longer pending. */
  private async move(
    imageId: string,
    to: ImageStatus.Processing | ImageStatus.Failed,
    changes: Partial<EventImage>,
  ): Promise<EventImage | null> {
    IMAGE_STATES.assert(ImageStatus.Pending, to);
    const result = await this.dataSource.manager.update(
      EventImage,
      { id: imageId, status: ImageStatus.Pending },
      { ...changes, status: to },
    );
    if (!result.affected) return null;
    return this.dataSource.manager.findOneByOrFail(EventImage, { id: imageId });
  }

  private async queueVariants(imageId: string): Promise<void> {
    await queueBestEffort(
      this.logger,
      'image variants',
      () => this.queue.add(JobName.MakeImageVariants, { imageId }, { jobId: `variants-${imageId}` }),
      this.config.redis.commandTimeoutMs,
    );
  }

  private async queuePurge(eventId: string): Promise<void> {
    await queueBestEffort(
      this.logger,
      'image purge',
      () => this.queue.add(JobName.PurgeEventImages, { eventId }),
      this.config.redis.commandTimeoutMs,
    );
  }

  private async record(
    tx: EntityManager,
    actor: AuthUser,
    action: string,
    event: Event,
    image: EventImage,
    meta: RequestMeta,
  ): Promise<void> {
    await this.audit.record(tx, {
      actorId: actor.id,
      action,
      entityType: 'event_image',
      entityId: image.id,
      meta,
      before: null,
      after: { eventId: event.id, promoterId: event.promoterId, status: image.status },
    });
  }
}
