import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795239725614 implements MigrationInterface {
  name = 'Foundation1795239725614';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" uuid, "action" character varying(100) NOT NULL, "entity_type" character varying(50) NOT NULL, "entity_id" character varying(100), "ip" character varying(64), "user_agent" character varying(500), "before" jsonb, "after" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c2d369a2e8a9e3773f1682b8ac" ON "audit_entries"  ("actor_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7064857330342779b2bbd4584c" ON "audit_entries"  ("action") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_e0ee9c6f2a2b0cc8f0b5234465" ON "audit_entries"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_72fa5f8031d03379af0a0bb9cc" ON "audit_entries"  ("entity_type", "entity_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('admin', 'promoter', 'customer')`);
    await queryRunner.query(`CREATE TYPE "public"."user_status" AS ENUM('active', 'disabled')`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "password_hash" character varying(255) NOT NULL, "name" character varying(200) NOT NULL, "role" "public"."user_role" NOT NULL DEFAULT 'customer', "status" "public"."user_status" NOT NULL DEFAULT 'active', "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "sessions_revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email_lower" ON "users" (lower("email"))`);
    await queryRunner.query(
      `CREATE TABLE "password_reset_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d16bebd73e844c48bca50ff8d3d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_52ac39dd8a28730c63aeb428c9" ON "password_reset_tokens"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_91185d86d5d7557b19abbb2868" ON "password_reset_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "replaced_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3ddc983c5f7bcf132fd8732c3f" ON "refresh_tokens"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d5e27da0cd39bc3bb2811fc8ba" ON "refresh_tokens"  ("family_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON "refresh_tokens"  ("token_hash") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."notification_status" AS ENUM('queued', 'sent', 'failed')`);
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient" character varying(320) NOT NULL, "template" character varying(64) NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "status" "public"."notification_status" NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "dedupe_key" character varying(200), "provider_message_id" character varying(200), "last_error" text, "subject" character varying(500), "body_text" text, "body_html" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b78edd430e2dc39d22fb49ff64" ON "notifications"  ("recipient") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bf4b677e4eeffd6241d66eba38" ON "notifications"  ("template") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f0325d05a6553674216893d91e" ON "notifications"  ("dedupe_key") WHERE dedupe_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_77d2d971c58759c2e2249ce7d0" ON "notifications"  ("status", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "FK_52ac39dd8a28730c63aeb428c9c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(
      `ALTER TABLE "password_reset_tokens" DROP CONSTRAINT "FK_52ac39dd8a28730c63aeb428c9c"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_77d2d971c58759c2e2249ce7d0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f0325d05a6553674216893d91e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bf4b677e4eeffd6241d66eba38"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b78edd430e2dc39d22fb49ff64"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TYPE "public"."notification_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a7838d2ba25be1342091b6695f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d5e27da0cd39bc3bb2811fc8ba"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3ddc983c5f7bcf132fd8732c3f"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_91185d86d5d7557b19abbb2868"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_52ac39dd8a28730c63aeb428c9"`);
    await queryRunner.query(`DROP TABLE "password_reset_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_email_lower"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."user_status"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_72fa5f8031d03379af0a0bb9cc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e0ee9c6f2a2b0cc8f0b5234465"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7064857330342779b2bbd4584c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c2d369a2e8a9e3773f1682b8ac"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
  }
}
