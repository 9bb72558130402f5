import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sweep } from '../../platform/jobs/job.decorators';

/** The materialized views behind the reports (migration ReportSnapshots), refreshed together. */
export const REPORT_SNAPSHOTS = [
  'report_tier_sales',
  'report_event_sales',
  'event_sales_by_day',
  'daily_sales',
];

/**
 * Keeps the report snapshots fresh, every REPORT_REFRESH_SECONDS (60). At a million orders the sums behind the reports take seconds to compute,
 * so the reports read them from materialized views instead, and say how old they are (`figuresAsOf`).
 */
@Injectable()
export class ReportSnapshotsService {
  private readonly logger = new Logger(ReportSnapshotsService.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Refreshes every snapshot CONCURRENTLY (the reports keep reading the previous rows meanwhile) in one
   * transaction, and records its start as the time the figures are as of: everything committed before then is
   * in them. One worker at a time (the sweep's advisory lock); safe to run twice.
   */
  @Sweep({ name: 'report-snapshots', everySeconds: (config) => config.reports.refreshSeconds })
  async refresh(): Promise<void> {
    const started = Date.now();
    await this.dataSource.transaction(async (tx) => {
      // The sums hash a million rows: room for that in memory instead of sorting on disk.
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      for (const view of REPORT_SNAPSHOTS) await tx.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
      await tx.query(
        `INSERT INTO report_refreshes (name, refreshed_at, duration_ms) VALUES ('sales', now(), $1)
         ON CONFLICT (name) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, duration_ms = EXCLUDED.duration_ms`,
        [Date.now() - started],
      );
    });
    this.logger.debug({ ms: Date.now() - started }, 'report snapshots refreshed');
  }
}
