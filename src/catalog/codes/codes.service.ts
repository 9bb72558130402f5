import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { csvLine } from '../../platform/csv/csv';
import { DomainError } from '../../platform/errors/domain-error';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { PageDto, toPage } from '../../platform/http/page';
import { InventoryService } from '../../inventory/inventory.service';
import { assertNoFieldErrors, FieldError } from '../events/event-schedule';
import { foreignTierIds } from '../questions/question.queries';
import { codeTermsErrors } from './code-rules';
import { eventCodes, findCode, insertCodesSkippingTaken, randomCode } from './code.queries';
import {
  BulkCodesDto,
  BulkCodesResultDto,
  CodeDto,
  CodeQueryDto,
  CodeTermsDto,
  CreateCodeDto,
  UpdateCodeDto,
} from './dto/code.dto';
import { PromoCode } from './promo-code.entity';

const CSV_BATCH = 1000;
/** Rounds of fresh suffixes a bulk generation tries when some collide with existing codes (50 bits: rare). */
const BULK_ROUNDS = 3;

/** The columns of `GET /events/{id}/codes` as CSV. */
export const CODE_CSV_COLUMNS = [
  'code',
  'kind',
  'discountBps',
  'discountAmount',
  'tierIds',
  'maxUses',
  'maxPerBuyer',
  'used',
  'held',
  'remaining',
  'validFrom',
  'validUntil',
  'active',
  'createdAt',
  'id',
] as const;

const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

/** The terms a create or update sets, as entity values; undefined leaves a field as it is. */
function termsOf(dto: Partial<CodeTermsDto>): Partial<PromoCode> {
  const terms: Partial<PromoCode> = {
    discountBps: dto.discountBps,
    discountAmount: dto.discountAmount,
    tierIds: dto.tierIds ? [...new Set(dto.tierIds)] : undefined,
    maxUses: dto.maxUses,
    maxPerBuyer: dto.maxPerBuyer,
    validFrom: dto.validFrom === undefined ? undefined : toDate(dto.validFrom),
    validUntil: dto.validUntil === undefined ? undefined : toDate(dto.validUntil),
    active: dto.active ?? undefined,
  };
  return Object.fromEntries(Object.entries(terms).filter(([, v]) => v !== undefined));
}

const shape = (c: PromoCode) => ({
  code: c.code,
  kind: c.kind,
  discountBps: c.discountBps,
  discountAmount: c.discountAmount,
  tierIds: c.tierIds,
  maxUses: c.maxUses,
  maxPerBuyer: c.maxPerBuyer,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  active: c.active,
});

/**
 * Codes of an event, for the owners and managers of its promoter and admins (door staff get 403, anyone else
 * 404). A code is never deleted: one that an order carried is part of that order's price, so it is deactivated
 * instead. Every change is audited and refreshes the code views of the event page (`CatalogChanged`).
 */
@Injectable()
export class CodesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly inventory: InventoryService,
  ) {}

  async create(user: AuthUser, eventId: string, dto: CreateCodeDto, meta: RequestMeta): Promise<CodeDto> {
    await this.access.requireEventRole(user, eventId, MemberRole.Manager);
    return this.dataSource.transaction(async (manager) => {
      if (await findCode(manager, eventId, dto.code)) {
        throw new DomainError('CODE_TAKEN', 'The event already has this code', { code: dto.code });
      }
      const code = manager.create(PromoCode, {
        eventId,
        code: dto.code,
        kind: dto.kind,
        discountBps: null,
        discountAmount: null,
        tierIds: [],
        maxUses: null,
        maxPerBuyer: null,
        validFrom: null,
        validUntil: null,
        active: true,
        ...termsOf(dto),
      });
      await this.assertValid(manager, code);
      await manager.save(code);
      await this.changed(manager, user, 'code.created', code, meta, null);
      return CodeDto.from(code);
    });
  }

  /**
   * `count` single-use codes: the same terms, `maxUses` 1, each `prefix-` and a random suffix. A suffix that
   * happens to meet an existing code is drawn again.
   */
  async bulk(
    user: AuthUser,
    eventId: string,
    dto: BulkCodesDto,
    meta: RequestMeta,
  ): Promise<BulkCodesResultDto> {
    await this.access.requireEventRole(user, eventId, MemberRole.Manager);
    return this.dataSource.transaction(async (manager) => {
      const template = manager.create(PromoCode, {
        eventId,
        code: dto.prefix,
        kind: dto.kind,
        discountBps: null,
        discountAmount: null,
        tierIds: [],
        maxUses: 1,
        maxPerBuyer: null,
        validFrom: null,
        validUntil: null,
        active: true,
        ...termsOf(dto),
      });
      await this.assertValid(manager, template);
      const ids: string[] = [];
      for (let round = 0; round < BULK_ROUNDS && ids.length < dto.count; round++) {
        const rows = Array.from({ length: dto.count - ids.length }, () => ({
          ...shape(template),
          eventId,
          code: randomCode(dto.prefix),
        }));
        ids.push(...(await insertCodesSkippingTaken(manager, rows)));
      }
      if (ids.length < dto.count) throw new DomainError('CONFLICT', 'Could not draw unique codes; try again');
      const codes = await manager.find(PromoCode, { where: { id: In(ids) }, order: { code: 'ASC' } });
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'code.bulk_created',
        entityType: 'event',
        entityId: eventId,
        meta,
        before: null,
        after: { ...shape(template), code: undefined, prefix: dto.prefix, count: codes.length },
      });
      await this.events.emit(manager, 'CatalogChanged', { eventId });
      return { count: codes.length, codes: codes.map((c) => CodeDto.from(c)) };
    });
  }

  async list(user: AuthUser, eventId: string, query: CodeQueryDto): Promise<PageDto<CodeDto>> {
    await this.access.requireEventRole(user, eventId, MemberRole.Manager);
    const [codes, total] = await eventCodes(this.dataSource.manager, eventId, query)
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return toPage(
      codes.map((c) => CodeDto.from(c)),
      total,
      query,
    );
  }

  /** Every code the list would page through, as CSV, streamed in batches (keyset on the code's text). */
  async csv(user: AuthUser, eventId: string, query: CodeQueryDto): Promise<Readable> {
    await this.access.requireEventRole(user, eventId, MemberRole.Manager);
    const manager = this.dataSource.manager;
    async function* lines(): AsyncGenerator<string> {
      yield csvLine([...CODE_CSV_COLUMNS]);
      let after: string | null = null;
      for (;;) {
        const qb = eventCodes(manager, eventId, query).limit(CSV_BATCH);
        if (after) qb.andWhere('c.code > :after', { after });
        const codes = await qb.getMany();
        if (codes.length === 0) return;
        yield codes
          .map((c) => {
            const dto = CodeDto.from(c);
            return csvLine(CODE_CSV_COLUMNS.map((k) => (k === 'tierIds' ? dto.tierIds.join(' ') : dto[k])));
          })
          .join('');
        after = codes[codes.length - 1].code;
      }
    }
    return Readable.from(lines());
  }

  async get(user: AuthUser, codeId: string): Promise<CodeDto> {
    return CodeDto.from(await this.visible(user, codeId));
  }

  async update(user: AuthUser, codeId: string, dto: UpdateCodeDto, meta: RequestMeta): Promise<CodeDto> {
    await this.visible(user, codeId);
    return this.dataSource.transaction(async (manager) => {
      // Holds lock the row for their uses: wait for them, but never without end.
      await this.inventory.setLockTimeout(manager);
      const code = await manager.findOne(PromoCode, {
        where: { id: codeId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!code) throw DomainError.notFound('Code', codeId);
      const before = shape(code);
      Object.assign(code, termsOf(dto));
      await this.assertValid(manager, code);
      await manager.save(code);
      await this.changed(manager, user, 'code.updated', code, meta, before);
      return CodeDto.from(code);
    });
  }

  /** `POST /codes/{id}/deactivate`: the same as `PATCH {active: false}`. */
  deactivate(user: AuthUser, codeId: string, meta: RequestMeta): Promise<CodeDto> {
    return this.update(user, codeId, { active: false }, meta);
  }

  /** The code, provided the caller runs its event (404 for strangers, 403 for door staff). */
  private async visible(user: AuthUser, codeId: string): Promise<PromoCode> {
    const code = await this.dataSource.manager.findOne(PromoCode, { where: { id: codeId } });
    if (!code) throw DomainError.notFound('Code', codeId);
    await this.access.requireEventRole(user, code.eventId, MemberRole.Manager, {
      notFound: { entity: 'Code', id: codeId },
    });
    return code;
  }

  private async assertValid(manager: EntityManager, code: PromoCode): Promise<void> {
    const errors: FieldError[] = codeTermsErrors(code);
    const foreign = await foreignTierIds(manager, code.eventId, code.tierIds);
    if (foreign.length > 0) {
      errors.push({ field: 'tierIds', errors: [`not tiers of this event: ${foreign.join(', ')}`] });
    }
    if (code.maxUses !== null && code.maxUses < code.used + code.held) {
      errors.push({
        field: 'maxUses',
        errors: [`maxUses cannot drop below the ${code.used + code.held} uses taken or held`],
      });
    }
    assertNoFieldErrors(errors);
  }

  private async changed(
    manager: EntityManager,
    user: AuthUser,
    action: string,
    code: PromoCode,
    meta: RequestMeta,
    before: ReturnType<typeof shape> | null,
  ): Promise<void> {
    await this.audit.record(manager, {
      actorId: user.id,
      action,
      entityType: 'code',
      entityId: code.id,
      meta,
      before,
      after: { eventId: code.eventId, ...shape(code) },
    });
    await this.events.emit(manager, 'CatalogChanged', { eventId: code.eventId });
  }
}
