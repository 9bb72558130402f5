import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event reminders (the sent-marker per event and start time) and the report views. The views define the
 * numbers of `GET /events/{id}/reports/sales` and `GET /admin/reports/overview` (see the README):
 * - `event_sales_by_tier`: per tier (not deleted), its counters and face-value gross, refunded and checked-in;
 * - `event_sales_totals`: per event, units sold, money charged by paid orders (fees included), refunded, net;
 * - `event_sales_by_day`: per event and day in the event's timezone, units and money of the orders paid;
 * - `daily_sales`: per UTC day and currency, the same over the whole platform;
 * - `promoter_status_counts`, `event_status_counts`: not-deleted rows by status.
 * Per-event views use LATERAL subqueries, so a report filtered on one event reads only that event's rows.
 * `event_waitlist_by_tier` comes in ReportWaitlistCounts, after the waitlist table exists.
 */
export class RemindersAndReports1795241531221 implements MigrationInterface {
  name = 'RemindersAndReports1795241531221';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event_reminders" ("event_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recipients" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4db9e77a078cbb2e674c82804c0" PRIMARY KEY ("event_id", "starts_at"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_reminders" ADD CONSTRAINT "FK_3e2431a78a7d6ae9f601e02208b" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
      CREATE VIEW event_sales_by_tier AS
      SELECT t.event_id, t.id AS tier_id, t.name, t.price, t.capacity, t.sold, t.held,
             greatest(t.capacity - t.sold - t.held, 0) AS available, t.sort_order, t.created_at,
             s.gross, k.refunded, k.checked_in
        FROM ticket_tiers t
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(i.quantity * i.unit_price), 0)::bigint AS gross
            FROM order_items i JOIN orders o ON o.id = i.order_id
           WHERE i.tier_id = t.id AND o.paid_at IS NOT NULL) s
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(i.unit_price) FILTER (WHERE k.status = 'void'), 0)::bigint AS refunded,
                 count(*) FILTER (WHERE k.status = 'checked_in')::int AS checked_in
            FROM tickets k JOIN order_items i ON i.order_id = k.order_id AND i.tier_id = k.tier_id
           WHERE k.tier_id = t.id) k
       WHERE t.deleted_at IS NULL`);
    await queryRunner.query(`
      CREATE VIEW event_sales_totals AS
      SELECT e.id AS event_id, e.currency, u.tickets_sold, c.checked_in, m.orders, m.gross, m.refunded,
             m.gross - m.refunded AS net
        FROM events e
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS orders, coalesce(sum(o.total), 0)::bigint AS gross,
                 coalesce(sum(o.refunded_amount), 0)::bigint AS refunded
            FROM orders o WHERE o.event_id = e.id AND o.paid_at IS NOT NULL) m
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(t.sold), 0)::int AS tickets_sold
            FROM ticket_tiers t WHERE t.event_id = e.id AND t.deleted_at IS NULL) u
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS checked_in
            FROM tickets k WHERE k.event_id = e.id AND k.status = 'checked_in') c`);
    await queryRunner.query(`
      CREATE VIEW event_sales_by_day AS
      SELECT o.event_id, (o.paid_at AT TIME ZONE e.timezone)::date AS day, count(*)::int AS orders,
             sum(q.tickets)::int AS tickets_sold, sum(o.total)::bigint AS gross
        FROM orders o
        JOIN events e ON e.id = o.event_id
        CROSS JOIN LATERAL (SELECT sum(i.quantity) AS tickets FROM order_items i WHERE i.order_id = o.id) q
       WHERE o.paid_at IS NOT NULL
       GROUP BY o.event_id, (o.paid_at AT TIME ZONE e.timezone)::date`);
    await queryRunner.query(`
      CREATE VIEW daily_sales AS
      SELECT (o.paid_at AT TIME ZONE 'UTC')::date AS day, o.currency, count(*)::int AS orders,
             sum(q.tickets)::int AS tickets_sold, sum(o.total)::bigint AS gross,
             sum(o.refunded_amount)::bigint AS refunded
        FROM orders o
        CROSS JOIN LATERAL (SELECT sum(i.quantity) AS tickets FROM order_items i WHERE i.order_id = o.id) q
       WHERE o.paid_at IS NOT NULL
       GROUP BY (o.paid_at AT TIME ZONE 'UTC')::date, o.currency`);
    await queryRunner.query(`
      CREATE VIEW promoter_status_counts AS
      SELECT status::text AS status, count(*)::int AS count FROM promoters WHERE deleted_at IS NULL GROUP BY status`);
    await queryRunner.query(`
      CREATE VIEW event_status_counts AS
      SELECT status::text AS status, count(*)::int AS count FROM events WHERE deleted_at IS NULL GROUP BY status`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const view of [
      'event_status_counts',
      'promoter_status_counts',
      'daily_sales',
      'event_sales_by_day',
      'event_sales_totals',
      'event_sales_by_tier',
    ]) {
      await queryRunner.query(`DROP VIEW ${view}`);
    }
    await queryRunner.query(`ALTER TABLE "event_reminders" DROP CONSTRAINT "FK_3e2431a78a7d6ae9f601e02208b"`);
    await queryRunner.query(`DROP TABLE "event_reminders"`);
  }
}
