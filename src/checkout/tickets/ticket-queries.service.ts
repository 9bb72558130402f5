import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../../platform/auth/roles';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { PageDto, toPage } from '../../platform/http/page';
import { AccessService } from '../../access/access.service';
import { Expandable, loadSummaries, Summaries } from '../read-query';
import { TicketQueryDto } from './dto/ticket-query.dto';
import { TicketDto } from './dto/ticket.dto';
import { Ticket } from './ticket.entity';
import { ticketQrPng } from './ticket-qr';

/**
 * Reading tickets. A ticket is visible to its holder (the buyer, or whoever it was transferred to), to every
 * member of its event's promoter (door staff included) and to admins; anyone else gets 404.
 */
@Injectable()
export class TicketQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async get(user: AuthUser, ticketId: string, expand?: Expandable[]): Promise<TicketDto> {
    const ticket = await this.visible(user, ticketId);
    return TicketDto.from(ticket, await this.summariesOf([ticket], expand));
  }

  async qr(user: AuthUser, ticketId: string): Promise<Buffer> {
    return ticketQrPng((await this.visible(user, ticketId)).code);
  }

  async list(user: AuthUser, query: TicketQueryDto): Promise<PageDto<TicketDto>> {
    const qb = this.dataSource.getRepository(Ticket).createQueryBuilder('t');
    const mine = () => qb.andWhere('t.holder_id = :me', { me: user.id });
    if (query.eventId) {
      qb.andWhere('t.event_id = :eventId', { eventId: query.eventId });
      if (!(await this.access.roleInEvent(user, query.eventId, { includeDeleted: false }))) mine();
    } else if (user.role !== Role.Admin) {
      mine();
    }
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.updatedSince)
      qb.andWhere('t.updated_at >= :updatedSince', { updatedSince: query.updatedSince });
    const [rows, total] = await qb
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    const summaries = await this.summariesOf(rows, query.expand);
    return toPage(
      rows.map((t) => TicketDto.from(t, summaries)),
      total,
      query,
    );
  }

  private summariesOf(tickets: Ticket[], expand?: Expandable[]): Promise<Summaries> {
    return loadSummaries(this.dataSource.manager, expand, {
      eventIds: tickets.map((t) => t.eventId),
      tierIds: tickets.map((t) => t.tierId),
    });
  }

  /** The ticket if the caller may see it (its holder, any member of its event's promoter, admins); else 404. */
  private async visible(user: AuthUser, ticketId: string): Promise<Ticket> {
    const ticket = await this.dataSource.manager.findOne(Ticket, { where: { id: ticketId } });
    if (ticket) {
      const viewer = await this.access.viewerOf(
        user,
        { buyerId: ticket.holderId, eventId: ticket.eventId },
        { staffSee: true },
      );
      if (viewer) return ticket;
    }
    throw DomainError.notFound('Ticket', ticketId);
  }
}
