import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ObjectStorage } from '../../platform/storage/object-storage';
import { EventImageDto } from './dto/event-image.dto';
import { ImageDto } from './dto/image.dto';
import { EventImage } from './event-image.entity';
import { IMAGE_URL_TTL_SECONDS } from './image-rules';
import { ImageStatus } from './image-status';

/**
 * Images as responses show them, with their public URLs (presigned downloads that stay the same for an hour, so
 * cached pages and browsers keep working). The events' own responses use it, so it lives beside the images but
 * is provided by the events module.
 */
@Injectable()
export class EventImageViews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
  ) {}

  /** The ready images of each event, in display order (one query for them all). */
  async forEvents(eventIds: string[]): Promise<Map<string, EventImageDto[]>> {
    const byEvent = new Map<string, EventImageDto[]>(eventIds.map((id) => [id, []]));
    if (eventIds.length === 0) return byEvent;
    const rows = await this.dataSource.manager
      .createQueryBuilder(EventImage, 'i')
      .where('i.event_id = ANY(:ids)', { ids: eventIds })
      .andWhere('i.status = :ready', { ready: ImageStatus.Ready })
      .orderBy('i.position', 'ASC')
      .addOrderBy('i.created_at', 'ASC')
      .getMany();
    for (const row of rows) byEvent.get(row.eventId)?.push(await this.shown(row));
    return byEvent;
  }

  async forEvent(eventId: string): Promise<EventImageDto[]> {
    return (await this.forEvents([eventId])).get(eventId) ?? [];
  }

  /** An image in any status, for its team. */
  async manage(image: EventImage): Promise<ImageDto> {
    const shown = image.status === ImageStatus.Ready ? await this.shown(image) : null;
    return {
      id: image.id,
      eventId: image.eventId,
      status: image.status,
      contentType: image.contentType,
      size: image.size,
      width: image.width,
      height: image.height,
      position: image.position,
      url: shown?.url ?? null,
      variants: shown?.variants ?? [],
      failureReason: image.failureReason,
      createdAt: image.createdAt,
      updatedAt: image.updatedAt,
    };
  }

  private async shown(image: EventImage): Promise<EventImageDto> {
    const url = (key: string) => this.storage.presignDownload(key, IMAGE_URL_TTL_SECONDS);
    return {
      id: image.id,
      url: await url(image.storageKey),
      width: image.width ?? 0,
      height: image.height ?? 0,
      variants: await Promise.all(
        [...image.variants]
          .sort((a, b) => a.width - b.width)
          .map(async (v) => ({ width: v.width, url: await url(v.key) })),
      ),
    };
  }
}
