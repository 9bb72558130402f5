import { MigrationInterface, QueryRunner } from 'typeorm';

export class Waitlist1795241507824 implements MigrationInterface {
  name = 'Waitlist1795241507824';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."waitlist_status" AS ENUM('waiting', 'offered', 'claimed', 'lapsed', 'left')`,
    );
    await queryRunner.query(
      `CREATE TABLE "waitlist_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" SERIAL NOT NULL, "event_id" uuid NOT NULL, "tier_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" "public"."waitlist_status" NOT NULL DEFAULT 'waiting', "quantity" integer NOT NULL, "offered_quantity" integer, "offered_at" TIMESTAMP WITH TIME ZONE, "offer_expires_at" TIMESTAMP WITH TIME ZONE, "order_id" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_waitlist_entries_quantity" CHECK ("quantity" > 0 AND ("offered_quantity" IS NULL OR "offered_quantity" > 0)), CONSTRAINT "PK_bd0ef66fff81d3be7b7a1568a4d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4af4ef250bfc170b9ea0fa5e7e" ON "waitlist_entries"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ca9015cb6d0fadf9b79a3bde78" ON "waitlist_entries"  ("event_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_waitlist_entries_offers" ON "waitlist_entries"  ("offer_expires_at") WHERE status = 'offered'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_waitlist_entries_queue" ON "waitlist_entries"  ("tier_id", "seq") WHERE status = 'waiting'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_waitlist_entries_active" ON "waitlist_entries"  ("user_id", "tier_id") WHERE status IN ('waiting', 'offered')`,
    );
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "FK_b6dd23d94ea644df6ad968b2735" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "FK_83e517f8c67be7ffe05c6c2ef80" FOREIGN KEY ("tier_id") REFERENCES "ticket_tiers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "FK_accc0d911773551b2eed1a2ed72" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "FK_b1be31080be2921849665c900aa" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" DROP CONSTRAINT "FK_b1be31080be2921849665c900aa"`,
    );
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" DROP CONSTRAINT "FK_accc0d911773551b2eed1a2ed72"`,
    );
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" DROP CONSTRAINT "FK_83e517f8c67be7ffe05c6c2ef80"`,
    );
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" DROP CONSTRAINT "FK_b6dd23d94ea644df6ad968b2735"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_waitlist_entries_active"`);
    await queryRunner.query(`DROP INDEX "public"."idx_waitlist_entries_queue"`);
    await queryRunner.query(`DROP INDEX "public"."idx_waitlist_entries_offers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ca9015cb6d0fadf9b79a3bde78"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4af4ef250bfc170b9ea0fa5e7e"`);
    await queryRunner.query(`DROP TABLE "waitlist_entries"`);
    await queryRunner.query(`DROP TYPE "public"."waitlist_status"`);
  }
}
