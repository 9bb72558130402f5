import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { TicketStatus, TicketVoidReason } from '../../checkout/tickets/ticket.entity';
import { TicketSigner } from '../../checkout/tickets/ticket-signer';
import { CheckInListsService } from '../check-in-lists/check-in-lists.service';
import { CheckInList } from '../check-in-lists/check-in-list.entity';
import type { AuthDevice } from '../devices/devices.service';
import { SyncPageDto, SyncTicketDto } from './dto/sync.dto';
import { decodeCursor, encodeCursor, SyncCursor } from './sync-cursor';

interface FeedRow {
  id: string;
  tier_id: string;
  attendee_name: string;
  status: TicketStatus;
  void_reason: TicketVoidReason | null;
  voided_at: Date | null;
  listed_for_resale_at: Date | null;
  checked_in_at: Date | null;
  inside: boolean | null;
  first_entry_at: Date | null;
  first_entry_device_id: string | null;
  first_entry_user_id: string | null;
  last_scan_at: Date | null;
  scans: number | null;
}

/**
 * The scanners' change feed of one check-in list. Each ticket row and each list-state row carries the id of the
 * transaction that last wrote it (`change_xid`, kept by a trigger). A round of pages lists, by ticket id, every
 * ticket of the list's tiers whose row or state was last written by a transaction that the cursor's snapshot did
 * not see: exactly what changed since, whatever order concurrent transactions committed in (a timestamp or a
 * sequence would skip a slow transaction that commits after a faster, later one). The snapshot taken when a round
 * begins is the next round's starting point; a change made during a round shows up in it or in the next one, so
 * nothing is ever skipped, and a ticket may at most come twice.
 */
@Injectable()
export class TicketSyncService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lists: CheckInListsService,
    private readonly signer: TicketSigner,
    private readonly clock: Clock,
  ) {}

  async page(device: AuthDevice, listId: string, cursorText: string | undefined, limit: number) {
    const list = await this.lists.ofEvent(device.eventId, listId);
    const given = cursorText ? decodeCursor(cursorText) : null;
    const cursor = given && given.list === list.updatedAt.getTime() ? given : null;
    // The round's snapshot is taken before its first page is read: anything committed later is not in it.
    const gen = cursor?.gen ?? (await this.snapshot());
    const rows = await this.changed(list, cursor?.prev ?? null, cursor?.after ?? null, limit + 1);
    const hasMore = rows.length > limit;
    const items = rows.slice(0, limit);
    const next: SyncCursor = hasMore
      ? {
          v: 1,
          list: list.updatedAt.getTime(),
          prev: cursor?.prev ?? null,
          gen,
          after: items[items.length - 1].id,
        }
      : { v: 1, list: list.updatedAt.getTime(), prev: gen, gen: null, after: null };
    return {
      list: {
        id: list.id,
        eventId: list.eventId,
        name: list.name,
        tierIds: list.tierIds,
        gates: list.gates,
        validFrom: list.validFrom,
        validUntil: list.validUntil,
        allowReentry: list.allowReentry,
        updatedAt: list.updatedAt,
      },
      signingKeys: this.signer.publicKeys(),
      items: items.map(toItem),
      nextCursor: encodeCursor(next),
      hasMore,
      reset: !cursor,
      serverTime: this.clock.now(),
    } satisfies SyncPageDto;
  }

  private async snapshot(): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT pg_current_snapshot()::text AS snapshot`)) as Array<{
      snapshot: string;
    }>;
    return row.snapshot;
  }

  /**
   * Tickets of the list's tiers after `after`, whose row or list state changed since `prev` (all with `prev`
   * null). Rows last written before the snapshot's xmin were visible in it, so `change_xid >= xmin` narrows the
   * scan to recent writes (indexes on (event_id, change_xid) and (list_id, change_xid)).
   */
  private async changed(
    list: CheckInList,
    prev: string | null,
    after: string | null,
    limit: number,
  ): Promise<FeedRow[]> {
    return (await this.dataSource.query(
      `WITH since AS (
         SELECT $4::pg_snapshot AS snap, pg_snapshot_xmin($4::pg_snapshot)::text::bigint AS xmin
       )
       SELECT t.id, t.tier_id, t.attendee_name, t.status, t.void_reason, t.voided_at, t.listed_for_resale_at,
              t.checked_in_at, s.inside, s.first_entry_at, s.first_entry_device_id, s.first_entry_user_id,
              s.last_scan_at, s.scans
         FROM tickets t
         LEFT JOIN check_in_states s ON s.list_id = $1 AND s.ticket_id = t.id
         LEFT JOIN since ON true
        WHERE t.event_id = $2
          AND (cardinality($3::uuid[]) = 0 OR t.tier_id = ANY($3::uuid[]))
          AND ($5::uuid IS NULL OR t.id > $5)
          AND ($4::text IS NULL
               OR (t.change_xid >= since.xmin AND NOT pg_visible_in_snapshot(t.change_xid::text::xid8, since.snap))
               OR (s.change_xid >= since.xmin AND NOT pg_visible_in_snapshot(s.change_xid::text::xid8, since.snap)))
        ORDER BY t.id
        LIMIT $6`,
      [list.id, list.eventId, list.tierIds, prev, after, limit],
    )) as FeedRow[];
  }
}

function toItem(r: FeedRow): SyncTicketDto {
  return {
    ticketId: r.id,
    tierId: r.tier_id,
    attendeeName: r.attendee_name,
    status: r.status,
    voidReason: r.void_reason,
    voidedAt: r.voided_at,
    listedForResale: r.listed_for_resale_at !== null,
    checkedInAt: r.checked_in_at,
    state:
      r.first_entry_at === null
        ? null
        : {
            inside: r.inside!,
            firstEntryAt: r.first_entry_at,
            firstEntryDeviceId: r.first_entry_device_id,
            firstEntryUserId: r.first_entry_user_id,
            lastScanAt: r.last_scan_at!,
            scans: r.scans!,
          },
  };
}
