import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event images on object storage (issue 12): `event_images`, one row per image with its storage key, status
 * (`pending` upload → `processing` → `ready`, or `failed`; `deleting` until the worker has removed its objects),
 * checked type, size and pixel dimensions, and its resized variants (JSON: width, height, key, size).
 */
export class EventImages1796097060513 implements MigrationInterface {
  name = 'EventImages1796097060513';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."event_image_status" AS ENUM('pending', 'processing', 'ready', 'failed', 'deleting')`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_images" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "storage_key" character varying(300) NOT NULL, "status" "public"."event_image_status" NOT NULL DEFAULT 'pending', "content_type" character varying(50) NOT NULL, "size" integer NOT NULL, "width" integer, "height" integer, "variants" jsonb NOT NULL DEFAULT '[]', "position" integer NOT NULL DEFAULT '0', "failure_reason" character varying(50), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_event_images_dimensions" CHECK (("width" IS NULL) = ("height" IS NULL) AND ("width" IS NULL OR ("width" > 0 AND "height" > 0))), CONSTRAINT "chk_event_images_size" CHECK ("size" > 0), CONSTRAINT "PK_d299e61a16f81e963d8c97db02c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_652ffae6d3324f6ff6634b9c7c" ON "event_images"  ("event_id", "position") `,
    );
    await queryRunner.query(
      `ALTER TABLE "event_images" ADD CONSTRAINT "FK_3f568b3abb8e48a2321d41db3fa" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_images" DROP CONSTRAINT "FK_3f568b3abb8e48a2321d41db3fa"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_652ffae6d3324f6ff6634b9c7c"`);
    await queryRunner.query(`DROP TABLE "event_images"`);
    await queryRunner.query(`DROP TYPE "public"."event_image_status"`);
  }
}
