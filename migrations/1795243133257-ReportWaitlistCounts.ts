import { MigrationInterface, QueryRunner } from 'typeorm';

/** The report view of waitlist counts per tier (`GET /events/{id}/reports/sales`, `byTier[].waitlist`). */
export class ReportWaitlistCounts1795243133257 implements MigrationInterface {
  name = 'ReportWaitlistCounts1795243133257';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW event_waitlist_by_tier AS
      SELECT event_id, tier_id,
             count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
             count(*) FILTER (WHERE status = 'offered')::int AS offered
        FROM waitlist_entries
       WHERE status IN ('waiting', 'offered')
       GROUP BY event_id, tier_id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW event_waitlist_by_tier`);
  }
}
