import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsEnum, IsOptional } from 'class-validator';
import { EntityManager, In } from 'typeorm';
import { EventSummaryDto } from '../catalog/events/dto/event-summary.dto';
import { IsInstant } from '../catalog/events/dto/catalog-validators';
import { Event } from '../catalog/events/event.entity';
import { TierSummaryDto } from '../catalog/tiers/dto/tier-summary.dto';
import { TicketTier } from '../catalog/tiers/ticket-tier.entity';

/**
 * Query parameters that dashboards use to read orders, tickets and attendees without a request per row:
 * `expand` embeds summaries of related objects, and `updatedSince` fetches only what changed since the last sync.
 */

/** What `expand` may embed: the event (`event`) and the tier of each line or ticket (`tier`). */
export enum Expandable {
  Event = 'event',
  Tier = 'tier',
}

/** `expand=event&expand=tier`, or `expand=event,tier`. */
export const ExpandQuery = () =>
  applyDecorators(
    ApiPropertyOptional({
      enum: Expandable,
      enumName: 'Expandable',
      isArray: true,
      description:
        'Embed summaries of related objects: `event` (the event) and `tier` (the tier of each ticket or order ' +
        'line). Repeat the parameter or separate the values with commas.',
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v) =>
        typeof v === 'string' ? v.split(',').map((part) => part.trim()) : [v],
      ),
    ),
    ArrayUnique(),
    IsEnum(Expandable, { each: true }),
  );

/** `updatedSince`: only rows whose `updatedAt` is at or after this instant. */
export const UpdatedSinceQuery = () =>
  applyDecorators(
    ApiPropertyOptional({
      format: 'date-time',
      example: '2030-05-14T10:00:00Z',
      description:
        'Only what changed at or after this instant (`updatedAt >= updatedSince`): a dashboard that syncs passes ' +
        'the time of its previous sync.',
    }),
    IsOptional(),
    IsInstant() as PropertyDecorator,
  );

export interface Summaries {
  events: Map<string, EventSummaryDto>;
  tiers: Map<string, TierSummaryDto>;
}

/** The summaries `expand` asks for, of the given events and tiers (deleted ones included: history stays readable). */
export async function loadSummaries(
  manager: EntityManager,
  expand: Expandable[] | undefined,
  ids: { eventIds: string[]; tierIds: string[] },
): Promise<Summaries> {
  const wanted = new Set(expand ?? []);
  const unique = (values: string[]) => [...new Set(values)];
  const [events, tiers] = await Promise.all([
    wanted.has(Expandable.Event) && ids.eventIds.length > 0
      ? manager.find(Event, { where: { id: In(unique(ids.eventIds)) }, withDeleted: true })
      : [],
    wanted.has(Expandable.Tier) && ids.tierIds.length > 0
      ? manager.find(TicketTier, { where: { id: In(unique(ids.tierIds)) }, withDeleted: true })
      : [],
  ]);
  return {
    events: new Map(events.map((e) => [e.id, EventSummaryDto.from(e)])),
    tiers: new Map(tiers.map((t) => [t.id, TierSummaryDto.from(t)])),
  };
}
