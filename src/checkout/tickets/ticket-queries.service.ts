import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, IsNull } from 'typeorm';
import { Role } from '../../platform/auth/roles';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { PageDto, toPage } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { Event } from '../../catalog/events/event.entity';
import { MemberRole } from '../../access/member-role';
import { PromoterAccessService } from '../../access/access.service';
import { AttendeeDto } from './dto/attendee.dto';
import { TicketQueryDto } from './dto/ticket-query.dto';
import { TicketDto } from './dto/ticket.dto';
import { Ticket } from './ticket.entity';
import { ticketQrPng } from './ticket-qr';
import { csvLine } from '../../platform/csv/csv';

const CSV_BATCH = 1000;

interface AttendeeRow {
  id: string;
  order_id: string;
  tier_id: string;
  tier_name: string;
  attendee_name: string;
  attendee_email: string;
  status: AttendeeDto['status'];
  checked_in_at: Date | null;
}

function toAttendee(r: AttendeeRow): AttendeeDto {
  return {
    ticketId: r.id,
    orderId: r.order_id,
    tierId: r.tier_id,
    tierName: r.tier_name,
    attendeeName: r.attendee_name,
    attendeeEmail: r.attendee_email,
    status: r.status,
    checkedInAt: r.checked_in_at,
  };
}

const CSV_COLUMNS: Array<keyof AttendeeDto> = [
  'ticketId',
  'orderId',
  'tierId',
  'tierName',
  'attendeeName',
  'attendeeEmail',
  'status',
  'checkedInAt',
];

/**
 * Reading tickets. A ticket is visible to its buyer, to every member of its event's promoter (door staff
 * included) and to admins; anyone else gets 404.
 */
@Injectable()
export class TicketQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PromoterAccessService,
  ) {}

  async get(user: AuthUser, ticketId: string): Promise<TicketDto> {
    return TicketDto.from(await this.visible(user, ticketId));
  }

  async qr(user: AuthUser, ticketId: string): Promise<Buffer> {
    return ticketQrPng((await this.visible(user, ticketId)).code);
  }

  async list(user: AuthUser, query: TicketQueryDto): Promise<PageDto<TicketDto>> {
    const qb = this.dataSource.getRepository(Ticket).createQueryBuilder('t');
    const mine = () =>
      qb.innerJoin('orders', 'o', 'o.id = t.order_id').andWhere('o.buyer_id = :me', { me: user.id });
    if (query.eventId) {
      qb.andWhere('t.event_id = :eventId', { eventId: query.eventId });
      const promoterId = await this.promoterOf(query.eventId);
      if (!promoterId || !(await this.access.roleIn(user, promoterId))) mine();
    } else if (user.role !== Role.Admin) {
      mine();
    }
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    const [rows, total] = await qb
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return toPage(rows.map(TicketDto.from), total, query);
  }

  /** `GET /events/{id}/attendees` as a page of JSON. Any member of the promoter, and admins. */
  async attendees(user: AuthUser, eventId: string, query: PageQueryDto): Promise<PageDto<AttendeeDto>> {
    await this.requireEventMember(user, eventId);
    const [rows, count] = await Promise.all([
      this.attendeeRows(eventId, null, query.limit, query.offset),
      this.dataSource.query(`SELECT count(*)::int AS n FROM tickets WHERE event_id = $1`, [
        eventId,
      ]) as Promise<Array<{ n: number }>>,
    ]);
    return toPage(rows.map(toAttendee), count[0].n, query);
  }

  /** The same list as CSV, streamed in batches (keyset pagination), so a large event never sits in memory. */
  async attendeesCsv(user: AuthUser, eventId: string): Promise<Readable> {
    await this.requireEventMember(user, eventId);
    const rowsOf = (after: string | null) => this.attendeeRows(eventId, after, CSV_BATCH, 0);
    async function* lines(): AsyncGenerator<string> {
      yield csvLine(CSV_COLUMNS);
      let after: string | null = null;
      for (;;) {
        const rows = await rowsOf(after);
        if (rows.length === 0) return;
        yield rows.map((r) => csvLine(CSV_COLUMNS.map((c) => toAttendee(r)[c]))).join('');
        after = rows[rows.length - 1].id;
      }
    }
    return Readable.from(lines());
  }

  private async attendeeRows(eventId: string, after: string | null, limit: number, offset: number) {
    return (await this.dataSource.query(
      `SELECT t.id, t.order_id, t.tier_id, tt.name AS tier_name, t.attendee_name, t.attendee_email, t.status,
              t.checked_in_at
         FROM tickets t JOIN ticket_tiers tt ON tt.id = t.tier_id
        WHERE t.event_id = $1 AND ($2::uuid IS NULL OR t.id > $2)
        ORDER BY t.id LIMIT $3 OFFSET $4`,
      [eventId, after, limit, offset],
    )) as AttendeeRow[];
  }

  private async requireEventMember(user: AuthUser, eventId: string): Promise<void> {
    const promoterId = await this.promoterOf(eventId);
    if (!promoterId) throw DomainError.notFound('Event', eventId);
    await this.access.requireMember(user, promoterId, MemberRole.Staff, {
      notFound: { entity: 'Event', id: eventId },
    });
  }

  private async visible(user: AuthUser, ticketId: string): Promise<Ticket> {
    const ticket = await this.dataSource.manager.findOne(Ticket, { where: { id: ticketId } });
    if (ticket && (await this.mayView(user, ticket))) return ticket;
    throw DomainError.notFound('Ticket', ticketId);
  }

  private async mayView(user: AuthUser, ticket: Ticket): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT o.buyer_id, e.promoter_id FROM orders o JOIN events e ON e.id = o.event_id WHERE o.id = $1`,
      [ticket.orderId],
    )) as Array<{ buyer_id: string; promoter_id: string }>;
    if (rows[0]?.buyer_id === user.id) return true;
    return rows[0] !== undefined && (await this.access.roleIn(user, rows[0].promoter_id)) !== null;
  }

  private async promoterOf(eventId: string): Promise<string | null> {
    const event = await this.dataSource.manager.findOne(Event, {
      where: { id: eventId, deletedAt: IsNull() },
      select: { id: true, promoterId: true },
    });
    return event?.promoterId ?? null;
  }
}
