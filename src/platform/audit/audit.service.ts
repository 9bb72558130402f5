import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { RequestMeta } from '../auth/auth-user';
import { AuditEntry } from './audit-entry.entity';
import { AuditLogQueryDto } from '../../insight/audit-log/dto/audit-log-query.dto';

export interface AuditRecord {
  /** The user who acted; null for the system or an anonymous caller. */
  actorId: string | null;
  /** What happened, as `entity.verb`, e.g. `auth.login_failed`, `promoter.approved`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  meta?: RequestMeta;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Writes audit entries inside the caller's transaction, so the entry and the change commit together. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const entry = manager.create(AuditEntry, {
      actorId: record.actorId,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId ?? null,
      ip: record.meta?.ip?.slice(0, 64) ?? null,
      userAgent: record.meta?.userAgent?.slice(0, 500) ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
    });
    await manager.save(entry, { reload: false });
  }

  async list(query: AuditLogQueryDto): Promise<[AuditEntry[], number]> {
    const qb = this.entries
      .createQueryBuilder('a')
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC');
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.from) qb.andWhere('a.created_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.created_at < :to', { to: query.to });
    return qb.take(query.limit).skip(query.offset).getManyAndCount();
  }
}
