import { MigrationInterface, QueryRunner } from 'typeorm';

/** The search document of events, as the entity declares it (copied so later entity edits don't change history). */
const EVENT_SEARCH_EXPRESSION =
  "setweight(to_tsvector('english', coalesce(title, '')), 'A') || " +
  "setweight(to_tsvector('english', coalesce(category, '') || ' ' || coalesce(description, '')), 'B') || " +
  "setweight(to_tsvector('english', coalesce(venue_name, '') || ' ' || coalesce(venue_city, '')), 'C')";

/**
 * The catalog: promoters with their members and invites, events (with a generated, GIN-indexed search vector)
 * and ticket tiers with the inventory CHECK from DESIGN.md (0 <= sold, 0 <= held, sold + held <= capacity).
 */
export class Catalog1795240226647 implements MigrationInterface {
  name = 'Catalog1795240226647';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."promoter_status" AS ENUM('pending', 'approved', 'rejected', 'suspended')`,
    );
    await queryRunner.query(
      `CREATE TABLE "promoters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "slug" character varying(120) NOT NULL, "contact_email" character varying(320) NOT NULL, "description" text, "website_url" character varying(500), "owner_user_id" uuid NOT NULL, "status" "public"."promoter_status" NOT NULL DEFAULT 'pending', "status_reason" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7ab4bd7b1b1efeb3d2f8efc180f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ee33f8738e3bfa4bd94b69b8ec" ON "promoters"  ("slug") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_30f11c356025555f691f1e3630" ON "promoters"  ("owner_user_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9574152079335a82782a9a6ea6" ON "promoters"  ("status") `);
    await queryRunner.query(
      `CREATE TYPE "public"."promoter_member_role" AS ENUM('owner', 'manager', 'staff')`,
    );
    await queryRunner.query(
      `CREATE TABLE "promoter_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "promoter_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" "public"."promoter_member_role" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_promoter_members_promoter_user" UNIQUE ("promoter_id", "user_id"), CONSTRAINT "PK_94d2e42bfb54d1c6d52f2603c7a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b9c0b39486c210f506dfd69d78" ON "promoter_members"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "promoter_invites" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "promoter_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "role" "public"."promoter_member_role" NOT NULL, "invited_by_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0ae8eb0cc2e2560d45563c50b58" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_955ae5b29fb23fc62c1f6adeb2" ON "promoter_invites"  ("email") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_promoter_invites_pending" ON "promoter_invites"  ("promoter_id", "email") WHERE accepted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."event_status" AS ENUM('draft', 'published', 'completed', 'cancelled')`,
    );
    // TypeORM keeps the expression of a generated column here to detect drift; keyed by the current database,
    // so the row must not name the database this migration happened to be generated against.
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar NULL, "schema" varchar NULL, "table" varchar NULL, "name" varchar NULL, "value" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'events', 'GENERATED_COLUMN', 'search_vector', $1)`,
      [EVENT_SEARCH_EXPRESSION],
    );
    await queryRunner.query(
      `CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "promoter_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "slug" character varying(160) NOT NULL, "description" text, "category" character varying(60) NOT NULL, "venue_name" character varying(200) NOT NULL, "venue_address" character varying(500) NOT NULL, "venue_city" character varying(120) NOT NULL, "venue_country" character(2) NOT NULL, "timezone" character varying(64) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sales_start_at" TIMESTAMP WITH TIME ZONE, "sales_end_at" TIMESTAMP WITH TIME ZONE, "currency" character(3) NOT NULL, "image_url" character varying(1000), "status" "public"."event_status" NOT NULL DEFAULT 'draft', "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(category, '') || ' ' || coalesce(description, '')), 'B') || setweight(to_tsvector('english', coalesce(venue_name, '') || ' ' || coalesce(venue_city, '')), 'C')) STORED, "published_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bdd47001b325ab14cdb22f569f" ON "events"  ("promoter_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_05bd884c03d3f424e2204bd14c" ON "events"  ("slug") `);
    await queryRunner.query(`CREATE INDEX "IDX_f20503eb78cfdac5f8eda342c8" ON "events"  ("category") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_fb919ce4bddd464ad7338a87bc" ON "events"  ("status", "starts_at") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_events_search" ON "events" USING GIN ("search_vector")`);
    await queryRunner.query(`CREATE INDEX "idx_events_city_lower" ON "events" (lower("venue_city"))`);
    await queryRunner.query(
      `CREATE TABLE "ticket_tiers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "description" text, "price" integer NOT NULL, "capacity" integer NOT NULL, "sold" integer NOT NULL DEFAULT '0', "held" integer NOT NULL DEFAULT '0', "sales_start_at" TIMESTAMP WITH TIME ZONE, "sales_end_at" TIMESTAMP WITH TIME ZONE, "min_per_order" integer NOT NULL DEFAULT '1', "max_per_order" integer NOT NULL DEFAULT '10', "hidden" boolean NOT NULL DEFAULT false, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_ticket_tiers_capacity" CHECK ("capacity" >= 0), CONSTRAINT "chk_ticket_tiers_price" CHECK ("price" >= 0), CONSTRAINT "chk_ticket_tiers_per_order" CHECK ("min_per_order" >= 1 AND "min_per_order" <= "max_per_order"), CONSTRAINT "chk_ticket_tiers_inventory" CHECK ("sold" >= 0 AND "held" >= 0 AND "sold" + "held" <= "capacity"), CONSTRAINT "PK_917cfec124fa5e8ce04d1e7b865" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_73e479ba60b35caae8249e94c8" ON "ticket_tiers"  ("event_id") `);
    await queryRunner.query(
      `ALTER TABLE "promoters" ADD CONSTRAINT "FK_30f11c356025555f691f1e36302" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "promoter_members" ADD CONSTRAINT "FK_6cf385dc5610369e984795544bd" FOREIGN KEY ("promoter_id") REFERENCES "promoters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "promoter_members" ADD CONSTRAINT "FK_b9c0b39486c210f506dfd69d78c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "promoter_invites" ADD CONSTRAINT "FK_1a60aec00b23c6d814f0056202f" FOREIGN KEY ("promoter_id") REFERENCES "promoters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "promoter_invites" ADD CONSTRAINT "FK_33d4a5aaf6e33721a35680e9249" FOREIGN KEY ("invited_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "FK_bdd47001b325ab14cdb22f569f7" FOREIGN KEY ("promoter_id") REFERENCES "promoters"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_tiers" ADD CONSTRAINT "FK_73e479ba60b35caae8249e94c81" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket_tiers" DROP CONSTRAINT "FK_73e479ba60b35caae8249e94c81"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "FK_bdd47001b325ab14cdb22f569f7"`);
    await queryRunner.query(
      `ALTER TABLE "promoter_invites" DROP CONSTRAINT "FK_33d4a5aaf6e33721a35680e9249"`,
    );
    await queryRunner.query(
      `ALTER TABLE "promoter_invites" DROP CONSTRAINT "FK_1a60aec00b23c6d814f0056202f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "promoter_members" DROP CONSTRAINT "FK_b9c0b39486c210f506dfd69d78c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "promoter_members" DROP CONSTRAINT "FK_6cf385dc5610369e984795544bd"`,
    );
    await queryRunner.query(`ALTER TABLE "promoters" DROP CONSTRAINT "FK_30f11c356025555f691f1e36302"`);
    await queryRunner.query(`DROP TABLE "ticket_tiers"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "database" = current_database() AND "schema" = current_schema() AND "table" = 'events' AND "name" = 'search_vector'`,
    );
    await queryRunner.query(`DROP TYPE "public"."event_status"`);
    await queryRunner.query(`DROP TABLE "promoter_invites"`);
    await queryRunner.query(`DROP TABLE "promoter_members"`);
    await queryRunner.query(`DROP TYPE "public"."promoter_member_role"`);
    await queryRunner.query(`DROP TABLE "promoters"`);
    await queryRunner.query(`DROP TYPE "public"."promoter_status"`);
  }
}
