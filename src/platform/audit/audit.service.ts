import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RequestMeta } from '../auth/auth-user';
import { AuditEntry } from './audit-entry.entity';

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
}
