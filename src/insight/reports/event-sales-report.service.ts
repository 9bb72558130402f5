import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { ReadDatabase } from '../../platform/database/read-database';
import { DomainError } from '../../platform/errors/domain-error';
import { MemberRole } from '../../access/member-role';
import { AccessService } from '../../access/access.service';
import { EventSalesReportDto } from './dto/event-sales-report.dto';
import { eventCodeSales, eventDailySales, eventTierSales, eventTotals, figuresAsOf } from './report.queries';

/**
 * `GET /events/{id}/reports/sales`. Money is the business of the people who run the event: owners and managers
 * of its promoter, and admins. Door staff get 403 (they check tickets in and see the attendee list, not the
 * takings); anyone else gets 404.
 */
@Injectable()
export class EventSalesReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly read: ReadDatabase,
  ) {}

  async report(user: AuthUser, eventId: string): Promise<EventSalesReportDto> {
    const event = await this.eventOf(eventId);
    await this.access.requireMember(user, event.promoterId, MemberRole.Manager, {
      notFound: { entity: 'Event', id: eventId },
    });
    // Who may read it is decided on the primary; the figures come from the replica when there is one.
    const manager = this.read.manager;
    const [asOf, totals, tiers, days, codes] = await Promise.all([
      figuresAsOf(manager),
      eventTotals(manager, eventId),
      eventTierSales(manager, eventId),
      eventDailySales(manager, eventId),
      eventCodeSales(manager, eventId),
    ]);
    return {
      eventId,
      timezone: event.timezone,
      generatedAt: this.clock.now(),
      figuresAsOf: asOf,
      totals,
      byTier: tiers.map(({ waiting, offered, ...tier }) => ({ ...tier, waitlist: { waiting, offered } })),
      byDay: days,
      byCode: codes,
    };
  }

  /** Members still see their deleted events, as everywhere else. */
  private async eventOf(eventId: string): Promise<{ promoterId: string; timezone: string }> {
    const rows = (await this.dataSource.query(`SELECT promoter_id, timezone FROM events WHERE id = $1`, [
      eventId,
    ])) as Array<{ promoter_id: string; timezone: string }>;
    if (!rows[0]) throw DomainError.notFound('Event', eventId);
    return { promoterId: rows[0].promoter_id, timezone: rows[0].timezone };
  }
}
