import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promoter commerce, part 2 (issue 12): taxes and invoices.
 * - A tier's tax rate (basis points) and mode (`tax_mode`: inclusive or exclusive), copied onto each order item
 *   with the line's split (`net + tax = gross`, `chk_order_items_tax`); the order's `net` and `tax`, and
 *   `chk_orders_amounts` rewritten as `total = net + tax + fees`. Existing rows are untaxed: net = gross = price.
 * - The promoter's legal details and invoice prefix; the buyer's billing details on the order.
 * - `invoices` (invoices and credit notes, immutable once issued), `invoice_counters` (the gap-free series per
 *   promoter, kind and year). The PDFs are kept in the object storage.
 * - The report views gain the tax split: `event_sales_by_tier` (net_of_tax, tax per tier's paid lines) and
 *   `event_sales_totals` (tax and fees of paid orders, tax_refunded by credit notes).
 * Down puts `chk_orders_amounts` back as it was; it fails if an order has tax added on top (exclusive mode).
 */
export class TaxesAndInvoices1796095729702 implements MigrationInterface {
  name = 'TaxesAndInvoices1796095729702';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."invoice_kind" AS ENUM('invoice', 'credit_note')`);
    await queryRunner.query(
      `CREATE TABLE "invoice_counters" ("promoter_id" uuid NOT NULL, "kind" "public"."invoice_kind" NOT NULL, "year" integer NOT NULL, "last_sequence" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_invoice_counters_sequence" CHECK ("last_sequence" >= 1), CONSTRAINT "PK_e81b8200dc60b24cca30d066385" PRIMARY KEY ("promoter_id", "kind", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "invoices" ("id" uuid NOT NULL, "kind" "public"."invoice_kind" NOT NULL, "promoter_id" uuid NOT NULL, "order_id" uuid NOT NULL, "invoice_id" uuid, "number" character varying(40) NOT NULL, "year" integer NOT NULL, "sequence" integer NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "currency" character(3) NOT NULL, "lines" jsonb NOT NULL, "net" integer NOT NULL, "tax" integer NOT NULL, "fees" integer NOT NULL, "total" integer NOT NULL, "seller" jsonb NOT NULL, "buyer" jsonb NOT NULL, "ticket_ids" uuid array NOT NULL DEFAULT '{}', "pdf_ready_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_invoices_credit_note" CHECK (("kind" = 'credit_note') = ("invoice_id" IS NOT NULL)), CONSTRAINT "chk_invoices_amounts" CHECK ("sequence" >= 1 AND "tax" >= 0 AND "fees" >= 0 AND "total" = "net" + "tax" + "fees"), CONSTRAINT "PK_668cef7c22a427fd822cc1be3ce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_20f6149e952b213314a372814d" ON "invoices"  ("order_id", "issued_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_invoices_order_invoice" ON "invoices"  ("order_id") WHERE "kind" = 'invoice'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_4a7461663f2293c98b6c491e90" ON "invoices"  ("promoter_id", "number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_8930fa1277114fd78eca677f82" ON "invoices"  ("promoter_id", "kind", "year", "sequence") `,
    );
    await queryRunner.query(`ALTER TABLE "promoters" ADD "legal_name" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "promoters" ADD "legal_address" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "promoters" ADD "tax_id" character varying(50)`);
    await queryRunner.query(`ALTER TABLE "promoters" ADD "invoice_prefix" character varying(10)`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "net" integer`);
    await queryRunner.query(`UPDATE "orders" SET "net" = "subtotal" - "discount"`);
    await queryRunner.query(`ALTER TABLE "orders" ALTER COLUMN "net" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "tax" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "billing_details" jsonb`);
    await queryRunner.query(`ALTER TABLE "ticket_tiers" ADD "tax_rate_bps" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`CREATE TYPE "public"."tax_mode" AS ENUM('inclusive', 'exclusive')`);
    await queryRunner.query(
      `ALTER TABLE "ticket_tiers" ADD "tax_mode" "public"."tax_mode" NOT NULL DEFAULT 'inclusive'`,
    );
    await queryRunner.query(`ALTER TABLE "order_items" ADD "tax_rate_bps" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "order_items" ADD "tax_mode" "public"."tax_mode" NOT NULL DEFAULT 'inclusive'`,
    );
    await queryRunner.query(`ALTER TABLE "order_items" ADD "net" integer`);
    await queryRunner.query(`ALTER TABLE "order_items" ADD "tax" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "order_items" ADD "gross" integer`);
    await queryRunner.query(
      `UPDATE "order_items" SET "net" = "quantity" * ("unit_price" - "unit_discount"), "gross" = "quantity" * ("unit_price" - "unit_discount")`,
    );
    await queryRunner.query(`ALTER TABLE "order_items" ALTER COLUMN "tax" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "order_items" ALTER COLUMN "net" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "order_items" ALTER COLUMN "gross" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "chk_orders_amounts"`);
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "chk_orders_amounts" CHECK ("subtotal" >= 0 AND "fees" >= 0 AND "discount" >= 0 AND "discount" <= "subtotal" AND "tax" >= 0 AND "net" >= 0 AND "net" <= "subtotal" - "discount" AND "net" + "tax" >= "subtotal" - "discount" AND "total" = "net" + "tax" + "fees")`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_tiers" ADD CONSTRAINT "chk_ticket_tiers_tax" CHECK ("tax_rate_bps" BETWEEN 0 AND 10000)`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_items" ADD CONSTRAINT "chk_order_items_tax" CHECK ("tax_rate_bps" BETWEEN 0 AND 10000 AND "tax" >= 0 AND "net" + "tax" = "gross" AND (CASE "tax_mode" WHEN 'inclusive' THEN "gross" ELSE "net" END) = "quantity" * ("unit_price" - "unit_discount"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoices" ADD CONSTRAINT "FK_00ea431dcf3fcb6daa880b10865" FOREIGN KEY ("promoter_id") REFERENCES "promoters"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoices" ADD CONSTRAINT "FK_ea83c3b911906a3578de2340fdf" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoices" ADD CONSTRAINT "FK_a62eb88a23934fb83945c3e58af" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The reports' tax split: tax and net per tier, tax and fees in the totals, tax given back by credit notes.
    await queryRunner.query(`
      CREATE OR REPLACE VIEW event_sales_by_tier AS
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
    await queryRunner.query(`
      CREATE OR REPLACE VIEW event_sales_totals AS
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
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW event_sales_totals`);
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
    await queryRunner.query(`DROP VIEW event_sales_by_tier`);
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
    await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "FK_a62eb88a23934fb83945c3e58af"`);
    await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "FK_ea83c3b911906a3578de2340fdf"`);
    await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "FK_00ea431dcf3fcb6daa880b10865"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP CONSTRAINT "chk_order_items_tax"`);
    await queryRunner.query(`ALTER TABLE "ticket_tiers" DROP CONSTRAINT "chk_ticket_tiers_tax"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP COLUMN "gross"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP COLUMN "tax"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP COLUMN "net"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP COLUMN "tax_mode"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP COLUMN "tax_rate_bps"`);
    await queryRunner.query(`ALTER TABLE "ticket_tiers" DROP COLUMN "tax_mode"`);
    await queryRunner.query(`DROP TYPE "public"."tax_mode"`);
    await queryRunner.query(`ALTER TABLE "ticket_tiers" DROP COLUMN "tax_rate_bps"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "chk_orders_amounts"`);
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "chk_orders_amounts" CHECK ("subtotal" >= 0 AND "fees" >= 0 AND "discount" >= 0 AND "discount" <= "subtotal" AND "total" = "subtotal" - "discount" + "fees")`,
    );
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "billing_details"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "tax"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "net"`);
    await queryRunner.query(`ALTER TABLE "promoters" DROP COLUMN "invoice_prefix"`);
    await queryRunner.query(`ALTER TABLE "promoters" DROP COLUMN "tax_id"`);
    await queryRunner.query(`ALTER TABLE "promoters" DROP COLUMN "legal_address"`);
    await queryRunner.query(`ALTER TABLE "promoters" DROP COLUMN "legal_name"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8930fa1277114fd78eca677f82"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4a7461663f2293c98b6c491e90"`);
    await queryRunner.query(`DROP INDEX "public"."uq_invoices_order_invoice"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_20f6149e952b213314a372814d"`);
    await queryRunner.query(`DROP TABLE "invoices"`);
    await queryRunner.query(`DROP TABLE "invoice_counters"`);
    await queryRunner.query(`DROP TYPE "public"."invoice_kind"`);
  }
}
