import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The virtual waiting room (issue 15): each event's queue settings (`queue_*` columns and `chk_events_queue`),
 * the entries (`queue_entries`, the record the Redis index is rebuilt from), and `queue_arrival_seq`, which
 * numbers the arrivals after a sale started so they queue behind every randomised early arrival.
 */
export class WaitingRoom1796095705063 implements MigrationInterface {
  name = 'WaitingRoom1796095705063';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "queue_arrival_seq" AS bigint`);
    await queryRunner.query(
      `CREATE TYPE "public"."queue_entry_status" AS ENUM('waiting', 'admitted', 'used', 'lapsed', 'sold_out')`,
    );
    await queryRunner.query(
      `CREATE TABLE "queue_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "rank" bigint NOT NULL, "randomised" boolean NOT NULL, "status" "public"."queue_entry_status" NOT NULL DEFAULT 'waiting', "waitlist_tier_id" uuid, "admitted_at" TIMESTAMP WITH TIME ZONE, "admission_expires_at" TIMESTAMP WITH TIME ZONE, "order_id" uuid, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8e533b14d1153fecfad7767bda5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_queue_entries_admitted_at" ON "queue_entries"  ("event_id", "admitted_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_queue_entries_admitted" ON "queue_entries"  ("event_id", "admission_expires_at") WHERE status = 'admitted'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_queue_entries_waiting" ON "queue_entries"  ("event_id", "rank") WHERE status = 'waiting'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_queue_entries_event_user" ON "queue_entries"  ("event_id", "user_id") `,
    );
    await queryRunner.query(`ALTER TABLE "events" ADD "queue_enabled" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "events" ADD "queue_opens_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "events" ADD "queue_admit_per_minute" integer`);
    await queryRunner.query(
      `ALTER TABLE "events" ADD "queue_token_ttl_seconds" integer NOT NULL DEFAULT '600'`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "chk_events_queue" CHECK ((NOT "queue_enabled" OR "queue_opens_at" IS NOT NULL) AND ("queue_admit_per_minute" IS NULL OR "queue_admit_per_minute" >= 1) AND "queue_token_ttl_seconds" >= 30)`,
    );
    await queryRunner.query(
      `ALTER TABLE "queue_entries" ADD CONSTRAINT "FK_49f0be6f8d524d25b2127183157" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "queue_entries" ADD CONSTRAINT "FK_bbc57a65df9cb42da92c450951d" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "queue_entries" ADD CONSTRAINT "FK_f3a8e2015b32aef0997b2cb73b2" FOREIGN KEY ("waitlist_tier_id") REFERENCES "ticket_tiers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "queue_entries" DROP CONSTRAINT "FK_f3a8e2015b32aef0997b2cb73b2"`);
    await queryRunner.query(`ALTER TABLE "queue_entries" DROP CONSTRAINT "FK_bbc57a65df9cb42da92c450951d"`);
    await queryRunner.query(`ALTER TABLE "queue_entries" DROP CONSTRAINT "FK_49f0be6f8d524d25b2127183157"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "chk_events_queue"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "queue_token_ttl_seconds"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "queue_admit_per_minute"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "queue_opens_at"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "queue_enabled"`);
    await queryRunner.query(`DROP INDEX "public"."uq_queue_entries_event_user"`);
    await queryRunner.query(`DROP INDEX "public"."idx_queue_entries_waiting"`);
    await queryRunner.query(`DROP INDEX "public"."idx_queue_entries_admitted"`);
    await queryRunner.query(`DROP INDEX "public"."idx_queue_entries_admitted_at"`);
    await queryRunner.query(`DROP TABLE "queue_entries"`);
    await queryRunner.query(`DROP TYPE "public"."queue_entry_status"`);
    await queryRunner.query(`DROP SEQUENCE "queue_arrival_seq"`);
  }
}
