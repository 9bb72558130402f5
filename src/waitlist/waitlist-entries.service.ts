import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { AppConfig } from '../platform/config/app-config';
import { queueBestEffort } from '../platform/jobs/queue-best-effort';
import { DomainError } from '../platform/errors/domain-error';
import { PageDto, toPage } from '../platform/http/page';
import { EventStatus } from '../catalog/events/event-status';
import { Event } from '../catalog/events/event.entity';
import { PromoterStatus } from '../catalog/promoters/promoter-status';
import { TicketTier } from '../catalog/tiers/ticket-tier.entity';
import { tierAvailability, TierSaleStatus } from '../catalog/tiers/tier-availability';
import { JoinWaitlistDto } from './dto/join-waitlist.dto';
import { WaitlistEntryDto } from './dto/waitlist-entry.dto';
import { WaitlistQueryDto } from './dto/waitlist-query.dto';
import { WaitlistEntry } from './waitlist-entry.entity';
import { WaitlistOffersService } from './waitlist-offers.service';
import { WAITLIST_STATES, WaitlistStatus } from './waitlist-status';
import { leaveWaiting, positionsOf } from './waitlist.queries';
import { WaitlistService } from './waitlist.service';

const isActiveEntryConflict = (err: unknown) =>
  err instanceof QueryFailedError &&
  (err.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (err.driverError as { constraint?: string }).constraint === 'uq_waitlist_entries_active';

/** How often leaving retries when the entry changed state under it (waiting → offered, say). */
const LEAVE_ATTEMPTS = 3;

/** A buyer's side of the waitlist: joining a sold-out tier, reading their entries, leaving. */
@Injectable()
export class WaitlistEntriesService {
  private readonly logger = new Logger(WaitlistEntriesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly offers: WaitlistOffersService,
    private readonly waitlist: WaitlistService,
  ) {}

  /** Joins the queue of a sold-out tier; one active entry per buyer and tier. */
  async join(user: AuthUser, dto: JoinWaitlistDto, meta: RequestMeta): Promise<WaitlistEntryDto> {
    const tier = await this.joinableTier(dto);
    const entry = await this.dataSource
      .transaction(async (manager) => {
        const saved = await manager.save(
          manager.create(WaitlistEntry, {
            eventId: dto.eventId,
            tierId: dto.tierId,
            userId: user.id,
            quantity: dto.quantity,
          }),
        );
        await this.audit.record(manager, {
          actorId: user.id,
          action: 'waitlist.joined',
          entityType: 'waitlist_entry',
          entityId: saved.id,
          meta,
          after: { status: WaitlistStatus.Waiting, tierId: tier.id, quantity: dto.quantity },
        });
        return saved;
      })
      .catch((err: unknown) => {
        if (!isActiveEntryConflict(err)) throw err;
        throw new DomainError('ALREADY_ON_WAITLIST', 'You are already on the waitlist for this tier', {
          tierId: dto.tierId,
        });
      });
    // Units freed between the sold-out check and the insert would otherwise wait for the sweep, which is still
    // the guarantee: the entry has committed, so Redis being down must not fail the join.
    await queueBestEffort(
      this.logger,
      'waitlist offer run',
      async () => {
        if (await this.hasFreeUnits(tier.id)) await this.waitlist.enqueueOffers([tier.id]);
      },
      this.config.redis.commandTimeoutMs,
    );
    return this.dtoOf(entry);
  }

  /** The caller's own entries, newest first, with their places in the queue. */
  async list(user: AuthUser, query: WaitlistQueryDto): Promise<PageDto<WaitlistEntryDto>> {
    const qb = this.dataSource
      .getRepository(WaitlistEntry)
      .createQueryBuilder('w')
      .where('w.user_id = :me', { me: user.id });
    if (query.eventId) qb.andWhere('w.event_id = :eventId', { eventId: query.eventId });
    if (query.status) qb.andWhere('w.status = :status', { status: query.status });
    const [entries, total] = await qb
      .orderBy('w.created_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    const positions = await positionsOf(
      this.dataSource.manager,
      entries.map((e) => e.id),
    );
    return toPage(
      entries.map((e) => WaitlistEntryDto.from(e, positions.get(e.id) ?? null)),
      total,
      query,
    );
  }

  /** Leaves the waitlist. An open offer's reserved units are released and roll on to the next entry. */
  async leave(user: AuthUser, entryId: string, meta: RequestMeta): Promise<WaitlistEntryDto> {
    for (let attempt = 0; attempt < LEAVE_ATTEMPTS; attempt++) {
      const entry = await this.own(user, entryId);
      WAITLIST_STATES.assert(entry.status, WaitlistStatus.Left);
      const left =
        entry.status === WaitlistStatus.Waiting
          ? await this.leaveWhileWaiting(user, entryId, meta)
          : (await this.offers.leaveOffer(entryId, user.id, meta)) !== null;
      if (left) return this.dtoOf(await this.own(user, entryId));
    }
    throw new DomainError('CONFLICT', 'The waitlist entry keeps changing; try again');
  }

  /** The entry if it is the caller's; 404 otherwise, so ids don't leak. */
  async own(user: AuthUser, entryId: string): Promise<WaitlistEntry> {
    const entry = await this.dataSource.manager.findOne(WaitlistEntry, { where: { id: entryId } });
    if (!entry || entry.userId !== user.id) throw DomainError.notFound('Waitlist entry', entryId);
    return entry;
  }

  private async leaveWhileWaiting(user: AuthUser, entryId: string, meta: RequestMeta): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await leaveWaiting(manager, entryId, user.id, this.clock.now()))) return false;
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'waitlist.left',
        entityType: 'waitlist_entry',
        entityId: entryId,
        meta,
        before: { status: WaitlistStatus.Waiting },
        after: { status: WaitlistStatus.Left },
      });
      return true;
    });
  }

  /** The tier, if it can be waited for: on sale in every respect except that nothing is left. */
  private async joinableTier(dto: JoinWaitlistDto): Promise<TicketTier> {
    const tier = await this.dataSource.manager.findOne(TicketTier, {
      where: { id: dto.tierId, eventId: dto.eventId },
      relations: { event: { promoter: true } },
    });
    const event =
      tier?.event ??
      (await this.dataSource.manager.findOne(Event, {
        where: { id: dto.eventId },
        relations: { promoter: true },
      }));
    if (!event) throw DomainError.notFound('Event', dto.eventId);
    if (event.status !== EventStatus.Published || event.promoter?.status !== PromoterStatus.Approved) {
      throw new DomainError('EVENT_NOT_ON_SALE', 'This event is not on sale', { status: event.status });
    }
    if (!tier || tier.hidden) throw this.notOnSale(dto.tierId, tier ? 'hidden' : 'not a tier of this event');
    const { status, available } = tierAvailability(
      { ...tier, event: { ...event, deleted: event.deletedAt !== null } },
      this.clock.now(),
    );
    if (status === TierSaleStatus.OnSale) {
      throw new DomainError('TIER_AVAILABLE', 'This tier still has tickets: buy them instead', {
        tierId: tier.id,
        available,
      });
    }
    if (status !== TierSaleStatus.SoldOut) throw this.notOnSale(tier.id, status);
    if (dto.quantity < tier.minPerOrder || dto.quantity > tier.maxPerOrder) {
      throw new DomainError(
        'ORDER_LIMIT_EXCEEDED',
        `Wait for between ${tier.minPerOrder} and ${tier.maxPerOrder} tickets of this tier`,
        { tierId: tier.id, minPerOrder: tier.minPerOrder, maxPerOrder: tier.maxPerOrder },
      );
    }
    return tier;
  }

  private async hasFreeUnits(tierId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT capacity - sold - held AS available FROM ticket_tiers WHERE id = $1`,
      [tierId],
    )) as Array<{ available: number }>;
    return (rows[0]?.available ?? 0) > 0;
  }

  private notOnSale(tierId: string, reason: string): DomainError {
    return new DomainError('TIER_NOT_ON_SALE', 'This tier is not on sale', { tierId, reason });
  }

  private async dtoOf(entry: WaitlistEntry): Promise<WaitlistEntryDto> {
    const positions = await positionsOf(this.dataSource.manager, [entry.id]);
    return WaitlistEntryDto.from(entry, positions.get(entry.id) ?? null);
  }
}
