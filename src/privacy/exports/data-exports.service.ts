import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { hashToken, newOpaqueToken } from '../../accounts/auth/token-crypto';
import { User } from '../../accounts/users/user.entity';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { afterCommit } from '../../platform/database/after-commit';
import { DomainError } from '../../platform/errors/domain-error';
import { OnJob, Sweep } from '../../platform/jobs/job.decorators';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { Archive, buildArchive } from './archive.queries';
import { DataExport, DataExportStatus } from './data-export.entity';

const HOUR_MS = 3600 * 1000;
/** A pending export this old lost its job (Redis emptied): the sweep builds it. */
const STALE_PENDING_MS = 60_000;
const SWEEP_BATCH = 20;

/**
 * GDPR exports: a request (by the user or an admin) writes a pending row and queues the build; the worker reads
 * everything about the user into one JSON archive, stores it on the row, and emails a link whose token (stored
 * hashed) downloads it until DATA_EXPORT_TTL_HOURS have passed. A sweep builds exports whose job was lost and
 * drops expired archives. Every step is audited.
 */
@Injectable()
export class DataExportsService {
  private readonly logger = new Logger(DataExportsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Privacy) private readonly queue: Queue,
  ) {}

  /**
   * Records the request and queues the build (after commit). `actor` is the user or an admin. A request while
   * another is pending answers the pending one.
   */
  async request(userId: string, actor: AuthUser, meta: RequestMeta): Promise<DataExport> {
    return this.dataSource.transaction(async (m) => {
      const user = await m.findOne(User, { where: { id: userId } });
      if (!user) throw DomainError.notFound('User', userId);
      // One build at a time per user: asking again while one is pending answers that one.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`data-export:${userId}`]);
      const pending = await m.findOne(DataExport, { where: { userId, status: DataExportStatus.Pending } });
      if (pending) return pending;
      const row = await m.save(m.create(DataExport, { userId, requestedById: actor.id }));
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'privacy.export_requested',
        entityType: 'user',
        entityId: userId,
        meta,
        after: { exportId: row.id },
      });
      afterCommit(m, () => this.schedule(row.id));
      return row;
    });
  }

  @OnJob(JobName.BuildDataExport)
  async buildJob({ exportId }: JobPayloads[JobName.BuildDataExport]): Promise<boolean> {
    return this.build(exportId);
  }

  /**
   * Builds a pending export and emails its link, in one transaction (the row locked, so two runs cannot both
   * build it). Returns false when there was nothing to do.
   */
  async build(exportId: string): Promise<boolean> {
    const built = await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(DataExport, {
        where: { id: exportId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.status !== DataExportStatus.Pending) return false;
      const user = await m.findOne(User, { where: { id: row.userId } });
      if (!user) return false;
      const now = this.clock.now();
      const token = newOpaqueToken();
      const expiresAt = new Date(now.getTime() + this.config.privacy.exportTtlHours * HOUR_MS);
      const archive: Archive = await buildArchive(m, row.userId, now);
      await m.query(
        `UPDATE data_exports SET status = 'ready', archive = $2::jsonb, token_hash = $3, expires_at = $4,
                completed_at = $5 WHERE id = $1`,
        [row.id, JSON.stringify(archive), hashToken(token), expiresAt, now],
      );
      await this.outbox.enqueue(m, {
        to: user.email,
        template: 'data-export-ready',
        data: { name: user.name, downloadUrl: this.downloadUrl(row.id, token), expiresAt },
      });
      await this.audit.record(m, {
        actorId: null,
        action: 'privacy.export_built',
        entityType: 'user',
        entityId: row.userId,
        after: { exportId: row.id, expiresAt: expiresAt.toISOString() },
      });
      return true;
    });
    if (built) this.logger.log({ exportId }, 'data export built');
    return built;
  }

  /** The archive behind an emailed link: 404 for an unknown export or token, 410 once it has expired. */
  async download(exportId: string, token: string, meta: RequestMeta): Promise<Archive> {
    return this.dataSource.transaction(async (m) => {
      const row = await m.findOne(DataExport, { where: { id: exportId } });
      if (!row?.tokenHash || row.tokenHash !== hashToken(token))
        throw DomainError.notFound('Export', exportId);
      if (!row.archive || !row.expiresAt || row.expiresAt <= this.clock.now()) {
        throw new DomainError('DATA_EXPORT_EXPIRED', 'This export link has expired; request a new export');
      }
      await this.audit.record(m, {
        actorId: null,
        action: 'privacy.export_downloaded',
        entityType: 'user',
        entityId: row.userId,
        meta,
        after: { exportId: row.id },
      });
      return row.archive;
    });
  }

  /** Deletes every export of a user (erasure). */
  async deleteAll(m: EntityManager, userId: string): Promise<void> {
    await m.delete(DataExport, { userId });
  }

  /** The sweep: builds exports whose job Redis lost, and drops the archives of expired links. */
  @Sweep({ name: 'data-exports' })
  async sweep(now: Date): Promise<number> {
    const stale = (await this.dataSource.query(
      `SELECT id FROM data_exports WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [new Date(now.getTime() - STALE_PENDING_MS), SWEEP_BATCH],
    )) as Array<{ id: string }>;
    let done = 0;
    for (const { id } of stale) if (await this.build(id)) done++;
    const [, purged] = (await this.dataSource.query(
      `UPDATE data_exports SET archive = NULL WHERE archive IS NOT NULL AND expires_at <= $1`,
      [now],
    )) as [unknown, number];
    return done + purged;
  }

  private async schedule(exportId: string): Promise<void> {
    const payload: JobPayloads[JobName.BuildDataExport] = { exportId };
    await this.queue.add(JobName.BuildDataExport, payload, { jobId: `data-export-${exportId}` });
  }

  private downloadUrl(exportId: string, token: string): string {
    return `${this.config.publicUrl}/api/v1/me/exports/${exportId}/download?token=${encodeURIComponent(token)}`;
  }
}
