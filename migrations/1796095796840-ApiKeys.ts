import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promoter API keys (issue 14): `api_keys`, one row per key; the token's prefix in clear (unique, the lookup) and
 * only the SHA-256 of its secret. `chk_api_keys_scopes` keeps the scopes to the known list, so a new scope comes
 * with a migration.
 */
export class ApiKeys1796095796840 implements MigrationInterface {
  name = 'ApiKeys1796095796840';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "promoter_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "secret_hash" character(64) NOT NULL, "scopes" character varying(32) array NOT NULL, "created_by" uuid, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_api_keys_scopes" CHECK (cardinality("scopes") >= 1 AND "scopes" <@ ARRAY['events:read', 'events:write', 'orders:read', 'attendees:read', 'checkin:write', 'reports:read']::varchar[]), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_prefix" ON "api_keys"  ("prefix") `);
    await queryRunner.query(
      `CREATE INDEX "ix_api_keys_promoter_created" ON "api_keys"  ("promoter_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_384683a9b5de1df8236ad0b2796" FOREIGN KEY ("promoter_id") REFERENCES "promoters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_983d7eb19ca94bb8e343293068e" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_983d7eb19ca94bb8e343293068e"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_384683a9b5de1df8236ad0b2796"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_promoter_created"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_keys_prefix"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
