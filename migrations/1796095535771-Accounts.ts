import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1796095535771 implements MigrationInterface {
  name = 'Accounts1796095535771';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "user_agent" character varying(500), "ip" character varying(64), "second_factor" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_868bd78111b585d98612c7b136" ON "auth_sessions"  ("user_id", "last_used_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mfa_recovery_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" character varying(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0076416b1b84361afc3371ba121" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_7456255c55d67d6ec629dc6ea7" ON "mfa_recovery_codes"  ("user_id", "code_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "user_mfa" ("user_id" uuid NOT NULL, "secret_ciphertext" character varying(200) NOT NULL, "enabled_at" TIMESTAMP WITH TIME ZONE, "last_time_step" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3db12d521d7b1f7d17c71e465a" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "email_verification_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_417a095bbed21c2369a6a01ab9a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c20ed35f3d31d486aabcd0564d" ON "email_verification_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ae20ffb0adf01317028f9faa04" ON "email_verification_tokens"  ("user_id", "created_at") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."data_export_status" AS ENUM('pending', 'ready')`);
    await queryRunner.query(
      `CREATE TABLE "data_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "requested_by_id" uuid, "status" "public"."data_export_status" NOT NULL DEFAULT 'pending', "token_hash" character varying(64), "archive" jsonb, "expires_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3e8b8b297ef4446f30527695c10" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_faf6658f0568244070599a017d" ON "data_exports"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4ce8c8a6796855164dd340310e" ON "data_exports"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mfa_challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_25d85a6da62620267e003fb4da4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1715663f6483821e6af6132b35" ON "mfa_challenges"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_cf5f2cdf8d418c02661b06a931" ON "mfa_challenges"  ("token_hash") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "access_revocations" ADD "session_id" uuid`);
    await queryRunner.query(`ALTER TYPE "public"."access_revocation_kind" ADD VALUE 'session'`);
    await queryRunner.query(
      `ALTER TABLE "auth_sessions" ADD CONSTRAINT "FK_50ccaa6440288a06f0ba693ccc6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mfa_recovery_codes" ADD CONSTRAINT "FK_23aa6c5fdecdd98508fd4456acf" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_mfa" ADD CONSTRAINT "FK_a3db12d521d7b1f7d17c71e465a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Every refresh-token family that exists becomes a session, so signed-in devices stay signed in.
    await queryRunner.query(
      `INSERT INTO "auth_sessions" ("id", "user_id", "created_at", "last_used_at", "revoked_at")
             SELECT "family_id", min("user_id"::text)::uuid, min("created_at"), max("created_at"),
                    CASE WHEN bool_and("revoked_at" IS NOT NULL) THEN max("revoked_at") END
               FROM "refresh_tokens" GROUP BY "family_id"`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_d5e27da0cd39bc3bb2811fc8bac" FOREIGN KEY ("family_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_verification_tokens" ADD CONSTRAINT "FK_fdcb77f72f529bf65c95d72a147" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "data_exports" ADD CONSTRAINT "FK_8ee9254a3040f10d3f57d789d29" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mfa_challenges" ADD CONSTRAINT "FK_1715663f6483821e6af6132b35b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mfa_challenges" DROP CONSTRAINT "FK_1715663f6483821e6af6132b35b"`);
    await queryRunner.query(`ALTER TABLE "data_exports" DROP CONSTRAINT "FK_8ee9254a3040f10d3f57d789d29"`);
    await queryRunner.query(
      `ALTER TABLE "email_verification_tokens" DROP CONSTRAINT "FK_fdcb77f72f529bf65c95d72a147"`,
    );
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_d5e27da0cd39bc3bb2811fc8bac"`);
    await queryRunner.query(`ALTER TABLE "user_mfa" DROP CONSTRAINT "FK_a3db12d521d7b1f7d17c71e465a"`);
    await queryRunner.query(
      `ALTER TABLE "mfa_recovery_codes" DROP CONSTRAINT "FK_23aa6c5fdecdd98508fd4456acf"`,
    );
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "FK_50ccaa6440288a06f0ba693ccc6"`);
    await queryRunner.query(`DELETE FROM "access_revocations" WHERE "kind" = 'session'`);
    await queryRunner.query(
      `CREATE TYPE "public"."access_revocation_kind_old" AS ENUM('logout', 'revoke_all', 'role')`,
    );
    await queryRunner.query(
      `ALTER TABLE "access_revocations" ALTER COLUMN "kind" TYPE "public"."access_revocation_kind_old" USING "kind"::"text"::"public"."access_revocation_kind_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."access_revocation_kind"`);
    await queryRunner.query(
      `ALTER TYPE "public"."access_revocation_kind_old" RENAME TO "access_revocation_kind"`,
    );
    await queryRunner.query(`ALTER TABLE "access_revocations" DROP COLUMN "session_id"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "erased_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cf5f2cdf8d418c02661b06a931"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1715663f6483821e6af6132b35"`);
    await queryRunner.query(`DROP TABLE "mfa_challenges"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4ce8c8a6796855164dd340310e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_faf6658f0568244070599a017d"`);
    await queryRunner.query(`DROP TABLE "data_exports"`);
    await queryRunner.query(`DROP TYPE "public"."data_export_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ae20ffb0adf01317028f9faa04"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c20ed35f3d31d486aabcd0564d"`);
    await queryRunner.query(`DROP TABLE "email_verification_tokens"`);
    await queryRunner.query(`DROP TABLE "user_mfa"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7456255c55d67d6ec629dc6ea7"`);
    await queryRunner.query(`DROP TABLE "mfa_recovery_codes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_868bd78111b585d98612c7b136"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
  }
}
