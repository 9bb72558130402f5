import { MigrationInterface, QueryRunner } from 'typeorm';

export class DoorAndResale1796084647536 implements MigrationInterface {
  name = 'DoorAndResale1796084647536';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "check_in_lists" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "tier_ids" uuid array NOT NULL DEFAULT '{}', "gates" character varying(60) array NOT NULL DEFAULT '{}', "valid_from" TIMESTAMP WITH TIME ZONE, "valid_until" TIMESTAMP WITH TIME ZONE, "allow_reentry" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9dcc149fd55aafb3b87530bc556" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fff352bb2c6cc01540bb0013f8" ON "check_in_lists"  ("event_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "check_in_states" ("list_id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "inside" boolean NOT NULL, "first_entry_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_entry_user_id" uuid, "first_entry_device_id" uuid, "last_scan_at" TIMESTAMP WITH TIME ZONE NOT NULL, "scans" integer NOT NULL, "change_xid" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b552ecd54e275006dc089eded2c" PRIMARY KEY ("list_id", "ticket_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_check_in_states_list_change" ON "check_in_states"  ("list_id", "change_xid") `,
    );
    await queryRunner.query(
      `CREATE TABLE "scanner_devices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "token_hash" character(64) NOT NULL, "created_by" uuid NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ca7de2797a22ab4c16981f7435" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b18314dd890fa04f54e575af20" ON "scanner_devices"  ("event_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_7bc49374effbc8dfe9d9783132" ON "scanner_devices"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."scan_outcome" AS ENUM('entry', 'exit', 'duplicate', 'void', 'not_on_list', 'outside_window', 'unknown_gate', 'listed_for_resale', 'invalid_code', 'wrong_event')`,
    );
    await queryRunner.query(
      `CREATE TABLE "check_in_scans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "list_id" uuid NOT NULL, "event_id" uuid NOT NULL, "ticket_id" uuid, "device_id" uuid, "user_id" uuid, "nonce" character varying(64), "gate" character varying(60), "scanned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" "public"."scan_outcome" NOT NULL, "position" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c541932aa337b018ae0676603c2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_462653bebfc716256b95f7355c" ON "check_in_scans"  ("list_id", "received_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1d2b8899b9c8e371f77278c359" ON "check_in_scans"  ("list_id", "ticket_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_check_in_scans_device_nonce" ON "check_in_scans"  ("device_id", "nonce") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."transfer_status" AS ENUM('pending', 'accepted', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "ticket_transfers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "event_id" uuid NOT NULL, "sender_id" uuid NOT NULL, "recipient_email" character varying(320) NOT NULL, "recipient_name" character varying(200) NOT NULL, "token_hash" character(64) NOT NULL, "status" "public"."transfer_status" NOT NULL DEFAULT 'pending', "recipient_id" uuid, "new_ticket_id" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_46d92b7f4da96765c2218e96ce5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_74cfabf2415a2d9891fa289cc0" ON "ticket_transfers"  ("recipient_email", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e5fd704f54c77eab8e1b9d711a" ON "ticket_transfers"  ("sender_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_ticket_transfers_pending" ON "ticket_transfers"  ("ticket_id") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."resale_status" AS ENUM('listed', 'sold', 'withdrawn', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "ticket_resales" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "event_id" uuid NOT NULL, "tier_id" uuid NOT NULL, "seller_id" uuid NOT NULL, "seller_order_id" uuid NOT NULL, "status" "public"."resale_status" NOT NULL DEFAULT 'listed', "face_price" integer NOT NULL, "currency" character(3) NOT NULL, "fee_bps" integer NOT NULL, "listed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "buyer_order_id" uuid, "refund_amount" integer, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_13d580c0365903a97a7447af05b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_ticket_resales_queue" ON "ticket_resales"  ("tier_id", "listed_at") WHERE status = 'listed'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_ticket_resales_listed" ON "ticket_resales"  ("ticket_id") WHERE status = 'listed'`,
    );
    await queryRunner.query(`ALTER TABLE "events" ADD "transfers_enabled" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "events" ADD "resale_enabled" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "events" ADD "resale_fee_bps" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "events" ADD "transfer_cutoff_minutes" integer NOT NULL DEFAULT '0'`,
    );
    // Every existing ticket is held by its order's buyer.
    await queryRunner.query(`ALTER TABLE "tickets" ADD "holder_id" uuid`);
    await queryRunner.query(
      `UPDATE "tickets" t SET "holder_id" = o."buyer_id" FROM "orders" o WHERE o."id" = t."order_id"`,
    );
    await queryRunner.query(`ALTER TABLE "tickets" ALTER COLUMN "holder_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "listed_for_resale_at" TIMESTAMP WITH TIME ZONE`);
    // The id of the transaction that last wrote the row, for the scanners' sync feed (TicketSyncService).
    await queryRunner.query(
      `CREATE FUNCTION "set_change_xid"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW."change_xid" := pg_current_xact_id()::text::bigint;
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(`ALTER TABLE "tickets" ADD "change_xid" bigint`);
    await queryRunner.query(`UPDATE "tickets" SET "change_xid" = pg_current_xact_id()::text::bigint`);
    await queryRunner.query(`ALTER TABLE "tickets" ALTER COLUMN "change_xid" SET NOT NULL`);
    await queryRunner.query(
      `CREATE TRIGGER "tickets_change_xid" BEFORE INSERT OR UPDATE ON "tickets"
       FOR EACH ROW EXECUTE FUNCTION "set_change_xid"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "check_in_states_change_xid" BEFORE INSERT OR UPDATE ON "check_in_states"
       FOR EACH ROW EXECUTE FUNCTION "set_change_xid"()`,
    );
    await queryRunner.query(`ALTER TYPE "public"."ticket_void_reason" ADD VALUE 'transferred'`);
    await queryRunner.query(`ALTER TYPE "public"."ticket_void_reason" ADD VALUE 'resold'`);
    await queryRunner.query(
      `CREATE INDEX "idx_tickets_event_change" ON "tickets"  ("event_id", "change_xid") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_09280c03058a7c74a3efd59d2d" ON "tickets"  ("holder_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "chk_events_after_sale" CHECK ("resale_fee_bps" BETWEEN 0 AND 10000 AND "transfer_cutoff_minutes" >= 0)`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_74ce87d071630bf8009a2561eda" FOREIGN KEY ("holder_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_in_lists" ADD CONSTRAINT "FK_fff352bb2c6cc01540bb0013f87" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_in_states" ADD CONSTRAINT "FK_faadf319364975fc6a410d09447" FOREIGN KEY ("list_id") REFERENCES "check_in_lists"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_in_states" ADD CONSTRAINT "FK_3a830e4fe849eb90e81047c3c66" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scanner_devices" ADD CONSTRAINT "FK_b18314dd890fa04f54e575af209" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_in_scans" ADD CONSTRAINT "FK_40a46b488bb121728fdcb26ce6f" FOREIGN KEY ("list_id") REFERENCES "check_in_lists"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_transfers" ADD CONSTRAINT "FK_618d1116a90701322eeeef9f9fb" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_resales" ADD CONSTRAINT "FK_e1d788062ba0f311c40f7dfb7db" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_resales" ADD CONSTRAINT "FK_7d8ccb16c46e11806aec344b428" FOREIGN KEY ("seller_order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket_resales" DROP CONSTRAINT "FK_7d8ccb16c46e11806aec344b428"`);
    await queryRunner.query(`ALTER TABLE "ticket_resales" DROP CONSTRAINT "FK_e1d788062ba0f311c40f7dfb7db"`);
    await queryRunner.query(
      `ALTER TABLE "ticket_transfers" DROP CONSTRAINT "FK_618d1116a90701322eeeef9f9fb"`,
    );
    await queryRunner.query(`ALTER TABLE "check_in_scans" DROP CONSTRAINT "FK_40a46b488bb121728fdcb26ce6f"`);
    await queryRunner.query(`ALTER TABLE "scanner_devices" DROP CONSTRAINT "FK_b18314dd890fa04f54e575af209"`);
    await queryRunner.query(`ALTER TABLE "check_in_states" DROP CONSTRAINT "FK_3a830e4fe849eb90e81047c3c66"`);
    await queryRunner.query(`ALTER TABLE "check_in_states" DROP CONSTRAINT "FK_faadf319364975fc6a410d09447"`);
    await queryRunner.query(`ALTER TABLE "check_in_lists" DROP CONSTRAINT "FK_fff352bb2c6cc01540bb0013f87"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_74ce87d071630bf8009a2561eda"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "chk_events_after_sale"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_09280c03058a7c74a3efd59d2d"`);
    await queryRunner.query(`DROP INDEX "public"."idx_tickets_event_change"`);
    await queryRunner.query(
      `CREATE TYPE "public"."ticket_void_reason_old" AS ENUM('refunded', 'event_cancelled')`,
    );
    await queryRunner.query(
      `UPDATE "tickets" SET "void_reason" = 'refunded' WHERE "void_reason" IN ('transferred', 'resold')`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ALTER COLUMN "void_reason" TYPE "public"."ticket_void_reason_old" USING "void_reason"::"text"::"public"."ticket_void_reason_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."ticket_void_reason"`);
    await queryRunner.query(`ALTER TYPE "public"."ticket_void_reason_old" RENAME TO "ticket_void_reason"`);
    await queryRunner.query(`DROP TRIGGER "check_in_states_change_xid" ON "check_in_states"`);
    await queryRunner.query(`DROP TRIGGER "tickets_change_xid" ON "tickets"`);
    await queryRunner.query(`DROP FUNCTION "set_change_xid"()`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "change_xid"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "listed_for_resale_at"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "holder_id"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "transfer_cutoff_minutes"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "resale_fee_bps"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "resale_enabled"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "transfers_enabled"`);
    await queryRunner.query(`DROP INDEX "public"."uq_ticket_resales_listed"`);
    await queryRunner.query(`DROP INDEX "public"."idx_ticket_resales_queue"`);
    await queryRunner.query(`DROP TABLE "ticket_resales"`);
    await queryRunner.query(`DROP TYPE "public"."resale_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_ticket_transfers_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e5fd704f54c77eab8e1b9d711a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_74cfabf2415a2d9891fa289cc0"`);
    await queryRunner.query(`DROP TABLE "ticket_transfers"`);
    await queryRunner.query(`DROP TYPE "public"."transfer_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_check_in_scans_device_nonce"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1d2b8899b9c8e371f77278c359"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_462653bebfc716256b95f7355c"`);
    await queryRunner.query(`DROP TABLE "check_in_scans"`);
    await queryRunner.query(`DROP TYPE "public"."scan_outcome"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7bc49374effbc8dfe9d9783132"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b18314dd890fa04f54e575af20"`);
    await queryRunner.query(`DROP TABLE "scanner_devices"`);
    await queryRunner.query(`DROP INDEX "public"."idx_check_in_states_list_change"`);
    await queryRunner.query(`DROP TABLE "check_in_states"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fff352bb2c6cc01540bb0013f8"`);
    await queryRunner.query(`DROP TABLE "check_in_lists"`);
  }
}
