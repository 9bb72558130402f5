import { MigrationInterface, QueryRunner } from 'typeorm';

export class Integrations1796085031644 implements MigrationInterface {
  name = 'Integrations1796085031644';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "user_notification_counters" ("user_id" uuid NOT NULL, "last_seq" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ecfa9ce1fb7b48c91fb0f7c0ce4" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "seq" integer NOT NULL, "type" character varying(40) NOT NULL, "data" jsonb NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_569622b0fd6e6ab3661de985a2b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_84ea36642b6320414786ca1efb" ON "user_notifications"  ("user_id", "seq") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."webhook_endpoint_status" AS ENUM('enabled', 'disabled')`);
    await queryRunner.query(
      `CREATE TYPE "public"."webhook_disabled_reason" AS ENUM('manual', 'failing', 'gone')`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "promoter_id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "description" character varying(500), "events" text array NOT NULL, "status" "public"."webhook_endpoint_status" NOT NULL DEFAULT 'enabled', "disabled_reason" "public"."webhook_disabled_reason", "disabled_at" TIMESTAMP WITH TIME ZONE, "secret" character varying(100) NOT NULL, "previous_secret" character varying(100), "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "failing_since" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e7ac6bba93447edfba7deafbbb" ON "webhook_endpoints"  ("promoter_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'succeeded', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "endpoint_id" uuid NOT NULL, "message_id" character varying(40) NOT NULL, "event_type" character varying(64) NOT NULL, "payload" text NOT NULL, "status" "public"."webhook_delivery_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "claimed_until" TIMESTAMP WITH TIME ZONE, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "response_status" integer, "response_body" character varying(1024), "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_webhook_deliveries_due" ON "webhook_deliveries"  ("next_attempt_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_afd154e4c5ac15caedc6e8457d" ON "webhook_deliveries"  ("endpoint_id", "seq") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "locale" character varying(35) NOT NULL DEFAULT 'en'`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "locale" character varying(35)`);
    await queryRunner.query(
      `ALTER TABLE "user_notification_counters" ADD CONSTRAINT "FK_ecfa9ce1fb7b48c91fb0f7c0ce4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_notifications" ADD CONSTRAINT "FK_ae9b1d1f1fe780ef8e3e7d0c0f6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "FK_ca036de88a873de6dc76e6f09c4" FOREIGN KEY ("promoter_id") REFERENCES "promoters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "FK_ca036de88a873de6dc76e6f09c4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_notifications" DROP CONSTRAINT "FK_ae9b1d1f1fe780ef8e3e7d0c0f6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_notification_counters" DROP CONSTRAINT "FK_ecfa9ce1fb7b48c91fb0f7c0ce4"`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "locale"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "locale"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_afd154e4c5ac15caedc6e8457d"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_deliveries_due"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_delivery_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e7ac6bba93447edfba7deafbbb"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_disabled_reason"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_endpoint_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_84ea36642b6320414786ca1efb"`);
    await queryRunner.query(`DROP TABLE "user_notifications"`);
    await queryRunner.query(`DROP TABLE "user_notification_counters"`);
  }
}
