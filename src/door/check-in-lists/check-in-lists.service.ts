import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { assertNoFieldErrors, FieldError } from '../../catalog/events/event-schedule';
import { CheckInList } from './check-in-list.entity';
import { foreignTiers, listStats } from './check-in-list.queries';
import { CheckInListDto, CreateCheckInListDto, UpdateCheckInListDto } from './dto/check-in-list.dto';

const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

/** The fields a create or update sets, as entity values; undefined leaves a field as it is. */
function fieldsOf(dto: UpdateCheckInListDto): Partial<CheckInList> {
  const fields: Partial<CheckInList> = {
    name: dto.name,
    tierIds: dto.tierIds ? [...new Set(dto.tierIds)] : undefined,
    gates: dto.gates ? [...new Set(dto.gates.map((g) => g.trim()))] : undefined,
    validFrom: dto.validFrom === undefined ? undefined : toDate(dto.validFrom),
    validUntil: dto.validUntil === undefined ? undefined : toDate(dto.validUntil),
    allowReentry: dto.allowReentry,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/**
 * Check-in lists of an event: owners and managers (and admins) create, edit and delete them; door staff read
 * them with their statistics. A deleted list keeps its scan log and admits nobody.
 */
@Injectable()
export class CheckInListsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, eventId: string, dto: CreateCheckInListDto, meta: RequestMeta) {
    await this.access.requireEventRole(user, eventId, MemberRole.Manager);
    return this.dataSource.transaction(async (manager) => {
      const list = manager.create(CheckInList, {
        eventId,
        tierIds: [],
        gates: [],
        validFrom: null,
        validUntil: null,
        allowReentry: false,
        ...fieldsOf(dto),
      });
      await this.assertValid(manager, list);
      await manager.save(list);
      await this.record(manager, user, 'check_in_list.created', list, meta, null);
      return this.dto(manager, list);
    });
  }

  async listForEvent(user: AuthUser, eventId: string): Promise<CheckInListDto[]> {
    await this.access.requireEventRole(user, eventId, MemberRole.Staff);
    const lists = await this.dataSource.manager.find(CheckInList, {
      where: { eventId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const stats = await listStats(
      this.dataSource.manager,
      lists.map((l) => l.id),
    );
    return lists.map((l) => toDto(l, stats));
  }

  async get(user: AuthUser, listId: string): Promise<CheckInListDto> {
    const list = await this.visible(user, listId, MemberRole.Staff);
    return this.dto(this.dataSource.manager, list);
  }

  async update(user: AuthUser, listId: string, dto: UpdateCheckInListDto, meta: RequestMeta) {
    await this.visible(user, listId, MemberRole.Manager);
    return this.dataSource.transaction(async (manager) => {
      const list = await manager.findOne(CheckInList, {
        where: { id: listId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!list) throw DomainError.notFound('CheckInList', listId);
      const before = { ...list };
      Object.assign(list, fieldsOf(dto));
      await this.assertValid(manager, list);
      await manager.save(list);
      await this.record(manager, user, 'check_in_list.updated', list, meta, before);
      return this.dto(manager, list);
    });
  }

  async remove(user: AuthUser, listId: string, meta: RequestMeta): Promise<void> {
    const list = await this.visible(user, listId, MemberRole.Manager);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(CheckInList, { id: listId }, { deletedAt: this.clock.now() });
      await this.record(manager, user, 'check_in_list.deleted', list, meta, null);
    });
  }

  /**
   * The live list, provided the caller is a member of its event's promoter with at least `minRole`; 404 for an
   * unknown or deleted list and for strangers.
   */
  async visible(user: AuthUser, listId: string, minRole: MemberRole): Promise<CheckInList> {
    const list = await this.dataSource.manager.findOne(CheckInList, { where: { id: listId } });
    if (!list) throw DomainError.notFound('CheckInList', listId);
    await this.access.requireEventRole(user, list.eventId, minRole, {
      notFound: { entity: 'CheckInList', id: listId },
    });
    return list;
  }

  /** A live list of `eventId` (scans name one), or 404. */
  async ofEvent(eventId: string, listId: string): Promise<CheckInList> {
    const list = await this.dataSource.manager.findOne(CheckInList, { where: { id: listId, eventId } });
    if (!list) throw DomainError.notFound('CheckInList', listId);
    return list;
  }

  private async dto(manager: EntityManager, list: CheckInList): Promise<CheckInListDto> {
    return toDto(list, await listStats(manager, [list.id]));
  }

  private async assertValid(manager: EntityManager, list: CheckInList): Promise<void> {
    const errors: FieldError[] = [];
    const foreign = await foreignTiers(manager, list.eventId, list.tierIds);
    if (foreign.length > 0) {
      errors.push({ field: 'tierIds', errors: [`not tiers of this event: ${foreign.join(', ')}`] });
    }
    if (list.validFrom && list.validUntil && list.validUntil <= list.validFrom) {
      errors.push({ field: 'validUntil', errors: ['validUntil must be after validFrom'] });
    }
    assertNoFieldErrors(errors);
  }

  private async record(
    manager: EntityManager,
    user: AuthUser,
    action: string,
    list: CheckInList,
    meta: RequestMeta,
    before: CheckInList | null,
  ): Promise<void> {
    const shape = (l: CheckInList) => ({
      name: l.name,
      tierIds: l.tierIds,
      gates: l.gates,
      validFrom: l.validFrom,
      validUntil: l.validUntil,
      allowReentry: l.allowReentry,
    });
    await this.audit.record(manager, {
      actorId: user.id,
      action,
      entityType: 'check_in_list',
      entityId: list.id,
      meta,
      before: before ? shape(before) : null,
      after: action.endsWith('deleted') ? null : { eventId: list.eventId, ...shape(list) },
    });
  }
}

function toDto(list: CheckInList, stats: Map<string, CheckInListDto['stats']>): CheckInListDto {
  return {
    id: list.id,
    eventId: list.eventId,
    name: list.name,
    tierIds: list.tierIds,
    gates: list.gates,
    validFrom: list.validFrom,
    validUntil: list.validUntil,
    allowReentry: list.allowReentry,
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
    stats: stats.get(list.id) ?? { expected: 0, checkedIn: 0, insideNow: 0 },
  };
}
