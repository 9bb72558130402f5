import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessRevocations1796084413966 implements MigrationInterface {
  name = 'AccessRevocations1796084413966';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."access_revocation_kind" AS ENUM('logout', 'revoke_all', 'role')`,
    );
    await queryRunner.query(
      `CREATE TABLE "access_revocations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" "public"."access_revocation_kind" NOT NULL, "jti" uuid, "role" "public"."user_role", "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_769ec8eea898f645abd04bc54a3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7898db08945e4b775ef76aafff" ON "access_revocations"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_09a1d51a39ca0105e51f02fbb3" ON "access_revocations"  ("expires_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "access_revocations" ADD CONSTRAINT "FK_4615be238af4d32a3c6e696e6b8" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "access_revocations" DROP CONSTRAINT "FK_4615be238af4d32a3c6e696e6b8"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_09a1d51a39ca0105e51f02fbb3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7898db08945e4b775ef76aafff"`);
    await queryRunner.query(`DROP TABLE "access_revocations"`);
    await queryRunner.query(`DROP TYPE "public"."access_revocation_kind"`);
  }
}
