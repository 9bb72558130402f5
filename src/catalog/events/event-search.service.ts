import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { ReadDatabase } from '../../platform/database/read-database';
import type { AuthUser } from '../../platform/auth/auth-user';
import { MemberRole } from '../../access/member-role';
import { AccessService } from '../../access/access.service';
import { PromoterStatus } from '../promoters/promoter-status';
import { EventQueryDto, EventSort } from './dto/event-query.dto';
import { PromoterEventQueryDto } from './dto/promoter-event-query.dto';
import { EventStatus } from './event-status';
import { Event } from './event.entity';

/** The same configuration as the search_vector column, so query and document stem alike. */
const TSQUERY = "websearch_to_tsquery('english', :search)";

/**
 * Listing events: the public catalogue (published events of approved promoters, with full-text search) and a
 * promoter's own dashboard list (every status). Pages use LIMIT/OFFSET on a 1:1 join, ordered by a unique
 * tie-breaker (id) so no row appears on two pages.
 */
@Injectable()
export class EventSearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly promoterAccess: AccessService,
    private readonly read: ReadDatabase,
  ) {}

  /** The public list, read from the replica when there is one: a list may lag a moment behind an edit. */
  async listPublic(query: EventQueryDto): Promise<[Event[], number]> {
    const qb = this.base(this.read.manager)
      .andWhere('e.status = :published', { published: EventStatus.Published })
      .andWhere('p.status = :approved', { approved: PromoterStatus.Approved });
    if (query.search) qb.andWhere(`e.search_vector @@ ${TSQUERY}`, { search: query.search });
    if (query.city) qb.andWhere('lower(e.venue_city) = lower(:city)', { city: query.city });
    if (query.category) qb.andWhere('lower(e.category) = lower(:category)', { category: query.category });
    if (query.from) qb.andWhere('e.starts_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('e.starts_at < :to', { to: new Date(query.to) });
    if (query.promoterId) qb.andWhere('e.promoter_id = :promoterId', { promoterId: query.promoterId });
    const sort = query.sort ?? (query.search ? EventSort.Relevance : EventSort.StartsAt);
    if (sort === EventSort.Relevance && query.search) {
      qb.orderBy(`ts_rank(e.search_vector, ${TSQUERY})`, 'DESC').addOrderBy('e.starts_at', 'ASC');
    } else {
      qb.orderBy('e.starts_at', sort === EventSort.StartsAtDesc ? 'DESC' : 'ASC');
    }
    return this.page(qb, query);
  }

  /** Every status of one promoter's events, for its members (staff included) and admins. */
  async listForPromoter(
    user: AuthUser,
    promoterId: string,
    query: PromoterEventQueryDto,
  ): Promise<[Event[], number]> {
    await this.promoterAccess.requireMember(user, promoterId, MemberRole.Staff);
    const qb = this.base(this.dataSource.manager).andWhere('e.promoter_id = :promoterId', { promoterId });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    qb.orderBy('e.starts_at', query.sort === EventSort.StartsAtDesc ? 'DESC' : 'ASC');
    return this.page(qb, query);
  }

  private base(manager: EntityManager): SelectQueryBuilder<Event> {
    return manager
      .createQueryBuilder(Event, 'e')
      .innerJoinAndSelect('e.promoter', 'p')
      .where('e.deleted_at IS NULL')
      .andWhere('p.deleted_at IS NULL');
  }

  private page(qb: SelectQueryBuilder<Event>, query: { limit: number; offset: number }) {
    return qb.addOrderBy('e.id', 'ASC').limit(query.limit).offset(query.offset).getManyAndCount();
  }
}
