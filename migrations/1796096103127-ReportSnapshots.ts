import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports at a million orders. The per-order sums behind the reports become materialized views, refreshed
 * CONCURRENTLY (readers never wait) by the worker's `report-snapshots` sweep; `report_refreshes` records when,
 * and the reports answer it as `figuresAsOf`:
 * - `report_tier_sales`: per tier, face-value gross of paid orders, refunded face value, tickets checked in;
 * - `report_event_sales`: per event, paid orders, what they charged, what was refunded, tickets checked in;
 * - `event_sales_by_day` and `daily_sales`: the same definitions as before, now materialized.
 * `event_sales_by_tier` and `event_sales_totals` stay plain views with the same columns: the tiers' live
 * counters (sold, held, available, tickets sold) joined to the snapshots' money and check-in figures.
 * `idx_orders_event_created` serves the orders CSV of one event (newest first, keyset pages).
 */
export class ReportSnapshots1796096103127 implements MigrationInterface {
  name = 'ReportSnapshots1796096103127';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_refreshes" ("name" character varying(64) NOT NULL, "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_report_refreshes" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_orders_event_created" ON "orders" ("event_id", "created_at", "id")`,
    );
    await queryRunner.query(`
      CREATE MATERIALIZED VIEW report_tier_sales AS
      SELECT t.id AS tier_id, t.event_id, coalesce(s.gross, 0)::bigint AS gross,
             coalesce(v.refunded, 0)::bigint AS refunded, coalesce(c.checked_in, 0)::int AS checked_in,
             coalesce(s.net_of_tax, 0)::bigint AS net_of_tax, coalesce(s.tax, 0)::bigint AS tax
        FROM ticket_tiers t
        LEFT JOIN (
          SELECT i.tier_id, sum(i.quantity * i.unit_price) AS gross, sum(i.net) AS net_of_tax, sum(i.tax) AS tax
            FROM order_items i JOIN orders o ON o.id = i.order_id
           WHERE o.paid_at IS NOT NULL
           GROUP BY i.tier_id) s ON s.tier_id = t.id
        LEFT JOIN (
          SELECT k.tier_id, sum(i.unit_price) AS refunded
            FROM tickets k JOIN order_items i ON i.order_id = k.order_id AND i.tier_id = k.tier_id
           WHERE k.status = 'void'
           GROUP BY k.tier_id) v ON v.tier_id = t.id
        LEFT JOIN (
          SELECT tier_id, count(*) AS checked_in FROM tickets WHERE status = 'checked_in' GROUP BY tier_id
        ) c ON c.tier_id = t.id`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_report_tier_sales" ON report_tier_sales (tier_id)`);
    await queryRunner.query(`
      CREATE MATERIALIZED VIEW report_event_sales AS
      SELECT e.id AS event_id, coalesce(m.orders, 0)::int AS orders, coalesce(m.gross, 0)::bigint AS gross,
             coalesce(m.refunded, 0)::bigint AS refunded, coalesce(c.checked_in, 0)::int AS checked_in,
             coalesce(m.tax, 0)::bigint AS tax, coalesce(m.fees, 0)::bigint AS fees,
             coalesce(n.tax_refunded, 0)::bigint AS tax_refunded
        FROM events e
        LEFT JOIN (
          SELECT o.event_id, count(*) AS orders, sum(o.total) AS gross, sum(o.refunded_amount) AS refunded,
                 sum(o.tax) AS tax, sum(o.fees) AS fees
            FROM orders o WHERE o.paid_at IS NOT NULL GROUP BY o.event_id) m ON m.event_id = e.id
        LEFT JOIN (
          SELECT o.event_id, sum(n.tax) AS tax_refunded
            FROM invoices n JOIN orders o ON o.id = n.order_id
           WHERE n.kind = 'credit_note' GROUP BY o.event_id) n ON n.event_id = e.id
        LEFT JOIN (
          SELECT k.event_id, count(*) AS checked_in
            FROM tickets k WHERE k.status = 'checked_in' GROUP BY k.event_id) c ON c.event_id = e.id`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_report_event_sales" ON report_event_sales (event_id)`);

    await queryRunner.query(`DROP VIEW event_sales_by_tier`);
    await queryRunner.query(`
      CREATE VIEW event_sales_by_tier AS
      SELECT t.event_id, t.id AS tier_id, t.name, t.price, t.capacity, t.sold, t.held,
             greatest(t.capacity - t.sold - t.held, 0) AS available, t.sort_order, t.created_at,
             coalesce(r.gross, 0)::bigint AS gross, coalesce(r.refunded, 0)::bigint AS refunded,
             coalesce(r.checked_in, 0)::int AS checked_in, coalesce(r.net_of_tax, 0)::bigint AS net_of_tax,
             coalesce(r.tax, 0)::bigint AS tax
        FROM ticket_tiers t
        LEFT JOIN report_tier_sales r ON r.tier_id = t.id
       WHERE t.deleted_at IS NULL`);
    await queryRunner.query(`DROP VIEW event_sales_totals`);
    await queryRunner.query(`
      CREATE VIEW event_sales_totals AS
      SELECT e.id AS event_id, e.currency, u.tickets_sold, coalesce(r.checked_in, 0)::int AS checked_in,
             coalesce(r.orders, 0)::int AS orders, coalesce(r.gross, 0)::bigint AS gross,
             coalesce(r.refunded, 0)::bigint AS refunded,
             (coalesce(r.gross, 0) - coalesce(r.refunded, 0))::bigint AS net, coalesce(r.tax, 0)::bigint AS tax,
             coalesce(r.fees, 0)::bigint AS fees, coalesce(r.tax_refunded, 0)::bigint AS tax_refunded
        FROM events e
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(t.sold), 0)::int AS tickets_sold
            FROM ticket_tiers t WHERE t.event_id = e.id AND t.deleted_at IS NULL) u
        LEFT JOIN report_event_sales r ON r.event_id = e.id`);
    await queryRunner.query(`DROP VIEW event_sales_by_day`);
    // Orders and their units are summed apart and joined per group: a subquery per order made a refresh at a
    // million orders take twenty seconds.
    await queryRunner.query(`
      CREATE MATERIALIZED VIEW event_sales_by_day AS
      SELECT m.event_id, m.day, m.orders, coalesce(q.tickets, 0)::int AS tickets_sold, m.gross
        FROM (
          SELECT o.event_id, (o.paid_at AT TIME ZONE e.timezone)::date AS day, count(*)::int AS orders,
                 sum(o.total)::bigint AS gross
            FROM orders o JOIN events e ON e.id = o.event_id
           WHERE o.paid_at IS NOT NULL
           GROUP BY 1, 2) m
        LEFT JOIN (
          SELECT o.event_id, (o.paid_at AT TIME ZONE e.timezone)::date AS day, sum(i.quantity) AS tickets
            FROM orders o JOIN events e ON e.id = o.event_id JOIN order_items i ON i.order_id = o.id
           WHERE o.paid_at IS NOT NULL
           GROUP BY 1, 2) q ON q.event_id = m.event_id AND q.day = m.day`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_event_sales_by_day" ON event_sales_by_day (event_id, day)`,
    );
    await queryRunner.query(`DROP VIEW daily_sales`);
    await queryRunner.query(`
      CREATE MATERIALIZED VIEW daily_sales AS
      SELECT m.day, m.currency, m.orders, coalesce(q.tickets, 0)::int AS tickets_sold, m.gross, m.refunded
        FROM (
          SELECT (paid_at AT TIME ZONE 'UTC')::date AS day, currency, count(*)::int AS orders,
                 sum(total)::bigint AS gross, sum(refunded_amount)::bigint AS refunded
            FROM orders
           WHERE paid_at IS NOT NULL
           GROUP BY 1, 2) m
        LEFT JOIN (
          SELECT (o.paid_at AT TIME ZONE 'UTC')::date AS day, o.currency, sum(i.quantity) AS tickets
            FROM orders o JOIN order_items i ON i.order_id = o.id
           WHERE o.paid_at IS NOT NULL
           GROUP BY 1, 2) q ON q.day = m.day AND q.currency = m.currency`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_daily_sales" ON daily_sales (day, currency)`);
    await queryRunner.query(`INSERT INTO report_refreshes (name, refreshed_at) VALUES ('sales', now())`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP MATERIALIZED VIEW daily_sales`);
    await queryRunner.query(`
      CREATE VIEW daily_sales AS
      SELECT (o.paid_at AT TIME ZONE 'UTC')::date AS day, o.currency, count(*)::int AS orders,
             sum(q.tickets)::int AS tickets_sold, sum(o.total)::bigint AS gross,
             sum(o.refunded_amount)::bigint AS refunded
        FROM orders o
        CROSS JOIN LATERAL (SELECT sum(i.quantity) AS tickets FROM order_items i WHERE i.order_id = o.id) q
       WHERE o.paid_at IS NOT NULL
       GROUP BY (o.paid_at AT TIME ZONE 'UTC')::date, o.currency`);
    await queryRunner.query(`DROP MATERIALIZED VIEW event_sales_by_day`);
    await queryRunner.query(`
      CREATE VIEW event_sales_by_day AS
      SELECT o.event_id, (o.paid_at AT TIME ZONE e.timezone)::date AS day, count(*)::int AS orders,
             sum(q.tickets)::int AS tickets_sold, sum(o.total)::bigint AS gross
        FROM orders o
        JOIN events e ON e.id = o.event_id
        CROSS JOIN LATERAL (SELECT sum(i.quantity) AS tickets FROM order_items i WHERE i.order_id = o.id) q
       WHERE o.paid_at IS NOT NULL
       GROUP BY o.event_id, (o.paid_at AT TIME ZONE e.timezone)::date`);
    await queryRunner.query(`DROP VIEW event_sales_totals`);
    await queryRunner.query(`
      CREATE VIEW event_sales_totals AS
      SELECT e.id AS event_id, e.currency, u.tickets_sold, c.checked_in, m.orders, m.gross, m.refunded,
             m.gross - m.refunded AS net, m.tax, m.fees, r.tax_refunded
        FROM events e
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS orders, coalesce(sum(o.total), 0)::bigint AS gross,
                 coalesce(sum(o.refunded_amount), 0)::bigint AS refunded,
                 coalesce(sum(o.tax), 0)::bigint AS tax, coalesce(sum(o.fees), 0)::bigint AS fees
            FROM orders o WHERE o.event_id = e.id AND o.paid_at IS NOT NULL) m
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(n.tax), 0)::bigint AS tax_refunded
            FROM invoices n JOIN orders o ON o.id = n.order_id
           WHERE o.event_id = e.id AND n.kind = 'credit_note') r
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(t.sold), 0)::int AS tickets_sold
            FROM ticket_tiers t WHERE t.event_id = e.id AND t.deleted_at IS NULL) u
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS checked_in
            FROM tickets k WHERE k.event_id = e.id AND k.status = 'checked_in') c`);
    await queryRunner.query(`DROP VIEW event_sales_by_tier`);
    await queryRunner.query(`
      CREATE VIEW event_sales_by_tier AS
      SELECT t.event_id, t.id AS tier_id, t.name, t.price, t.capacity, t.sold, t.held,
             greatest(t.capacity - t.sold - t.held, 0) AS available, t.sort_order, t.created_at,
             s.gross, k.refunded, k.checked_in, s.net_of_tax, s.tax
        FROM ticket_tiers t
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(i.quantity * i.unit_price), 0)::bigint AS gross,
                 coalesce(sum(i.net), 0)::bigint AS net_of_tax, coalesce(sum(i.tax), 0)::bigint AS tax
            FROM order_items i JOIN orders o ON o.id = i.order_id
           WHERE i.tier_id = t.id AND o.paid_at IS NOT NULL) s
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(i.unit_price) FILTER (WHERE k.status = 'void'), 0)::bigint AS refunded,
                 count(*) FILTER (WHERE k.status = 'checked_in')::int AS checked_in
            FROM tickets k JOIN order_items i ON i.order_id = k.order_id AND i.tier_id = k.tier_id
           WHERE k.tier_id = t.id) k
       WHERE t.deleted_at IS NULL`);
    await queryRunner.query(`DROP MATERIALIZED VIEW report_event_sales`);
    await queryRunner.query(`DROP MATERIALIZED VIEW report_tier_sales`);
    await queryRunner.query(`DROP INDEX "idx_orders_event_created"`);
    await queryRunner.query(`DROP TABLE "report_refreshes"`);
  }
}
