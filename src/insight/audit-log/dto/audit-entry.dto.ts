import { ApiProperty } from '@nestjs/swagger';
import { AuditEntry } from '../../../platform/audit/audit-entry.entity';
import { ApiUuid } from '../../../platform/http/api-types';

export class AuditEntryDto {
  @ApiUuid()
  id: string;
  /** The user who acted; null for the system or an anonymous caller. */
  @ApiUuid({ nullable: true })
  actorId: string | null;
  /** e.g. `auth.login_failed`, `promoter.approved`. */
  @ApiProperty({ example: 'user.role_changed' })
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  userAgent: string | null;
  @ApiProperty({ type: Object, nullable: true })
  before: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true })
  after: Record<string, unknown> | null;
  createdAt: Date;

  static from(e: AuditEntry): AuditEntryDto {
    return {
      id: e.id,
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      ip: e.ip,
      userAgent: e.userAgent,
      before: e.before,
      after: e.after,
      createdAt: e.createdAt,
    };
  }
}
