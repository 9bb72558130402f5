import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { Sweep } from '../../platform/jobs/job.decorators';
import { EVENT_STATES, EventStatus } from './event-status';

const BATCH = 200;

/**
 * Marks published events `completed` once they have ended (published → completed in event-status.ts). Safe to
 * run twice or on two workers: the UPDATE only touches rows still published, and SKIP LOCKED leaves rows another
 * transaction is changing (a cancellation, say) for the next pass.
 */
@Injectable()
export class EventCompletionService {
  private readonly logger = new Logger(EventCompletionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** The sweep: completes every event ended by `now`, a batch per transaction. Returns how many it completed. */
  @Sweep({ name: 'event-completion' })
  async completeEnded(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.completeBatch(now);
      total += done;
      if (done < BATCH) return total;
    }
  }

  private async completeBatch(now: Date): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const [rows] = (await tx.query(
        `UPDATE events SET status = $1, completed_at = $3, updated_at = now()
          WHERE id IN (SELECT id FROM events
                        WHERE status = ANY($2::event_status[]) AND deleted_at IS NULL AND ends_at <= $3
                        ORDER BY ends_at LIMIT $4 FOR UPDATE SKIP LOCKED)
            AND status = ANY($2::event_status[])
          RETURNING id, promoter_id`,
        [EventStatus.Completed, EVENT_STATES.sourcesOf(EventStatus.Completed), now, BATCH],
      )) as [Array<{ id: string; promoter_id: string }>, number];
      for (const row of rows) {
        await this.audit.record(tx, {
          actorId: null,
          action: 'event.completed',
          entityType: 'event',
          entityId: row.id,
          before: { status: EventStatus.Published },
          after: { status: EventStatus.Completed, promoterId: row.promoter_id },
        });
        await this.events.emit(tx, 'CatalogChanged', { eventId: row.id });
      }
      if (rows.length > 0) this.logger.log({ count: rows.length }, 'events completed');
      return rows.length;
    });
  }
}
