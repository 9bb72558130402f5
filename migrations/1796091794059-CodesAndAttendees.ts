import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promoter commerce, part 1 (issue 12): codes and their uses (`promo_codes`, with the `chk_promo_codes_uses`
 * CHECK), the order's code and discount (and `chk_orders_amounts` with the discount in it), attendee details and
 * custom questions (`event_questions`, the tiers' attendee policy, the event's cut-off, drafts on the order and
 * answers on the tickets), and the report view of use per code:
 * - `event_sales_by_code`: per code used or held at least once, its uses and what it took off the paid orders
 *   that still count as its uses (paid or partially refunded).
 */
export class CodesAndAttendees1796091794059 implements MigrationInterface {
  name = 'CodesAndAttendees1796091794059';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."promo_code_kind" AS ENUM('discount', 'access', 'presale')`,
    );
    await queryRunner.query(
      `CREATE TABLE "promo_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "code" character varying(64) NOT NULL, "kind" "public"."promo_code_kind" NOT NULL, "discount_bps" integer, "discount_amount" integer, "tier_ids" uuid array NOT NULL DEFAULT '{}', "max_uses" integer, "max_per_buyer" integer, "used" integer NOT NULL DEFAULT '0', "held" integer NOT NULL DEFAULT '0', "valid_from" TIMESTAMP WITH TIME ZONE, "valid_until" TIMESTAMP WITH TIME ZONE, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_promo_codes_discount" CHECK (("kind" = 'discount') = (("discount_bps" IS NULL) <> ("discount_amount" IS NULL)) AND ("discount_bps" IS NULL OR "discount_bps" BETWEEN 1 AND 10000) AND ("discount_amount" IS NULL OR "discount_amount" >= 1)), CONSTRAINT "chk_promo_codes_limits" CHECK (("max_uses" IS NULL OR "max_uses" >= 1) AND ("max_per_buyer" IS NULL OR "max_per_buyer" >= 1)), CONSTRAINT "chk_promo_codes_uses" CHECK ("used" >= 0 AND "held" >= 0 AND ("max_uses" IS NULL OR "used" + "held" <= "max_uses")), CONSTRAINT "PK_c7b4f01710fda5afa056a2b4a35" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_promo_codes_event_code" ON "promo_codes"  ("event_id", "code") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."question_type" AS ENUM('text', 'single_choice', 'multiple_choice', 'checkbox', 'date')`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_questions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "label" character varying(300) NOT NULL, "help_text" character varying(1000), "type" "public"."question_type" NOT NULL, "required" boolean NOT NULL DEFAULT false, "position" integer NOT NULL DEFAULT '0', "choices" character varying(200) array NOT NULL DEFAULT '{}', "tier_ids" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_event_questions_position" CHECK ("position" >= 0), CONSTRAINT "PK_297a57aa9f1fd49575fd43e2285" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_80112ad0f4468078ba3ada587e" ON "event_questions"  ("event_id", "position") `,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD "attendee_cutoff_minutes" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "orders" ADD "discount" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "chk_orders_amounts"`);
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "chk_orders_amounts" CHECK ("subtotal" >= 0 AND "fees" >= 0 AND "discount" >= 0 AND "discount" <= "subtotal" AND "total" = "subtotal" - "discount" + "fees")`,
    );
    await queryRunner.query(`ALTER TABLE "orders" ADD "promo_code_id" uuid`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "code" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "attendee_drafts" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `ALTER TABLE "orders" ADD "paid_with_missing_attendee_details" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."attendee_details_policy" AS ENUM('none', 'optional', 'required')`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_tiers" ADD "attendee_details" "public"."attendee_details_policy" NOT NULL DEFAULT 'none'`,
    );
    await queryRunner.query(`ALTER TABLE "order_items" ADD "unit_discount" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "answers" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `CREATE INDEX "IDX_360ac6bb34232c9e96c50b382f" ON "orders"  ("promo_code_id", "buyer_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "chk_events_attendee_cutoff" CHECK ("attendee_cutoff_minutes" >= 0)`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_items" ADD CONSTRAINT "chk_order_items_discount" CHECK ("unit_discount" >= 0 AND "unit_discount" <= "unit_price")`,
    );
    await queryRunner.query(
      `ALTER TABLE "promo_codes" ADD CONSTRAINT "FK_1ebec1c7d9c344f85c9af5313e8" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_1e7814b20d15af2aa03320e0451" FOREIGN KEY ("promo_code_id") REFERENCES "promo_codes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_questions" ADD CONSTRAINT "FK_3c9623f24ad731654d108647fc0" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
      CREATE VIEW event_sales_by_code AS
      SELECT c.event_id, c.id AS code_id, c.code, c.kind::text AS kind, c.max_uses, c.used, c.held, s.discount
        FROM promo_codes c
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(o.discount), 0)::bigint AS discount
            FROM orders o WHERE o.promo_code_id = c.id AND o.status IN ('paid', 'partially_refunded')) s
       WHERE c.used + c.held > 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW event_sales_by_code`);
    await queryRunner.query(`ALTER TABLE "event_questions" DROP CONSTRAINT "FK_3c9623f24ad731654d108647fc0"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_1e7814b20d15af2aa03320e0451"`);
    await queryRunner.query(`ALTER TABLE "promo_codes" DROP CONSTRAINT "FK_1ebec1c7d9c344f85c9af5313e8"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP CONSTRAINT "chk_order_items_discount"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "chk_events_attendee_cutoff"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_360ac6bb34232c9e96c50b382f"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "answers"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP COLUMN "unit_discount"`);
    await queryRunner.query(`ALTER TABLE "ticket_tiers" DROP COLUMN "attendee_details"`);
    await queryRunner.query(`DROP TYPE "public"."attendee_details_policy"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "paid_with_missing_attendee_details"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "attendee_drafts"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "code"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "promo_code_id"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "chk_orders_amounts"`);
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "chk_orders_amounts" CHECK ("subtotal" >= 0 AND "fees" >= 0 AND "total" = "subtotal" + "fees")`,
    );
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "discount"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "attendee_cutoff_minutes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_80112ad0f4468078ba3ada587e"`);
    await queryRunner.query(`DROP TABLE "event_questions"`);
    await queryRunner.query(`DROP TYPE "public"."question_type"`);
    await queryRunner.query(`DROP INDEX "public"."uq_promo_codes_event_code"`);
    await queryRunner.query(`DROP TABLE "promo_codes"`);
    await queryRunner.query(`DROP TYPE "public"."promo_code_kind"`);
  }
}
