import { MigrationInterface, QueryRunner } from 'typeorm';

export class Checkout1795240548359 implements MigrationInterface {
  name = 'Checkout1795240548359';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."order_status" AS ENUM('pending', 'paid', 'expired', 'cancelled', 'refunded', 'partially_refunded')`,
    );
    await queryRunner.query(
      `CREATE TABLE "orders" ("id" uuid NOT NULL, "buyer_id" uuid NOT NULL, "event_id" uuid NOT NULL, "status" "public"."order_status" NOT NULL DEFAULT 'pending', "subtotal" integer NOT NULL, "fees" integer NOT NULL DEFAULT '0', "total" integer NOT NULL, "currency" character(3) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "payment_provider" character varying(20), "payment_reference" character varying(255), "payment_client_secret" character varying(255), "refunded_amount" integer NOT NULL DEFAULT '0', "paid_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_orders_refunded" CHECK ("refunded_amount" >= 0 AND "refunded_amount" <= "total"), CONSTRAINT "chk_orders_amounts" CHECK ("subtotal" >= 0 AND "fees" >= 0 AND "total" = "subtotal" + "fees"), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3bc9d52e46d3837d0433762e47" ON "orders"  ("event_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d1b208d267ac978ed7ff5f4fce" ON "orders"  ("buyer_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d824fdda499dfe405678ec8ef9" ON "orders"  ("status", "expires_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "order_items" ("id" uuid NOT NULL, "order_id" uuid NOT NULL, "tier_id" uuid NOT NULL, "tier_name" character varying(120) NOT NULL, "quantity" integer NOT NULL, "unit_price" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_order_items_quantity" CHECK ("quantity" > 0 AND "unit_price" >= 0), CONSTRAINT "PK_005269d8574e6fac0493715c308" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e35d7eb5572b5f9d93b1ff8cd9" ON "order_items"  ("tier_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_4a53c25c44132be27a2977fc1d" ON "order_items"  ("order_id", "tier_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."payment_kind" AS ENUM('charge', 'refund')`);
    await queryRunner.query(
      `CREATE TYPE "public"."payment_status" AS ENUM('pending', 'succeeded', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "provider" character varying(20) NOT NULL, "kind" "public"."payment_kind" NOT NULL, "status" "public"."payment_status" NOT NULL DEFAULT 'pending', "provider_payment_id" character varying(255), "provider_refund_id" character varying(255), "amount" integer NOT NULL, "currency" character(3) NOT NULL, "idempotency_key" character varying(255), "ticket_ids" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b2f7b823a21562eeca20e72b00" ON "payments"  ("order_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_9670987a405c3f3a93b3ac08a4" ON "payments"  ("provider_payment_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_cc8f1ea797107b63188358ab65" ON "payments"  ("order_id", "idempotency_key") WHERE kind = 'refund'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_4889438b567fabb7f42ab4f5cf" ON "payments"  ("order_id") WHERE kind = 'charge'`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider" character varying(20) NOT NULL, "event_id" character varying(255) NOT NULL, "type" character varying(100) NOT NULL, "object_id" character varying(255), "processed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4cba37e6a0acb5e1fc49c34ebfd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f7f654109e5cf7f541d8a9b694" ON "webhook_events"  ("provider", "event_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."ticket_status" AS ENUM('valid', 'checked_in', 'void')`);
    await queryRunner.query(
      `CREATE TYPE "public"."ticket_void_reason" AS ENUM('refunded', 'event_cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "tickets" ("id" uuid NOT NULL, "order_id" uuid NOT NULL, "event_id" uuid NOT NULL, "tier_id" uuid NOT NULL, "attendee_name" character varying(200) NOT NULL, "attendee_email" character varying(320) NOT NULL, "code" character varying(200) NOT NULL, "status" "public"."ticket_status" NOT NULL DEFAULT 'valid', "void_reason" "public"."ticket_void_reason", "voided_at" TIMESTAMP WITH TIME ZONE, "checked_in_at" TIMESTAMP WITH TIME ZONE, "checked_in_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_343bc942ae261cf7a1377f48fd0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bd5636236f799b19f132abf8d7" ON "tickets"  ("order_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_0d8702c7e22f523bcd004d5821" ON "tickets"  ("tier_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_42aab8acd829dcf2e5d20e6139" ON "tickets"  ("event_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."idempotency_key_status" AS ENUM('in_flight', 'completed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "status" "public"."idempotency_key_status" NOT NULL, "response_status" integer, "response_body" jsonb, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ad20779ad0411107a56e53d0f6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e5fc0731b6752a8e9194fa265e" ON "idempotency_keys"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_392b1af86f210d98d3f0c76472" ON "idempotency_keys"  ("user_id", "key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_5e90e93d0e036c3fadbaefa4d0a" FOREIGN KEY ("buyer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_642ca308ac51fea8327e593b8ab" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_items" ADD CONSTRAINT "FK_145532db85752b29c57d2b7b1f1" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_items" ADD CONSTRAINT "FK_e35d7eb5572b5f9d93b1ff8cd96" FOREIGN KEY ("tier_id") REFERENCES "ticket_tiers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_bd5636236f799b19f132abf8d70" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_0d8702c7e22f523bcd004d58219" FOREIGN KEY ("tier_id") REFERENCES "ticket_tiers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_0d8702c7e22f523bcd004d58219"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_bd5636236f799b19f132abf8d70"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP CONSTRAINT "FK_e35d7eb5572b5f9d93b1ff8cd96"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP CONSTRAINT "FK_145532db85752b29c57d2b7b1f1"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_642ca308ac51fea8327e593b8ab"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_5e90e93d0e036c3fadbaefa4d0a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_392b1af86f210d98d3f0c76472"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e5fc0731b6752a8e9194fa265e"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP TYPE "public"."idempotency_key_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_42aab8acd829dcf2e5d20e6139"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0d8702c7e22f523bcd004d5821"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bd5636236f799b19f132abf8d7"`);
    await queryRunner.query(`DROP TABLE "tickets"`);
    await queryRunner.query(`DROP TYPE "public"."ticket_void_reason"`);
    await queryRunner.query(`DROP TYPE "public"."ticket_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f7f654109e5cf7f541d8a9b694"`);
    await queryRunner.query(`DROP TABLE "webhook_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4889438b567fabb7f42ab4f5cf"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cc8f1ea797107b63188358ab65"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9670987a405c3f3a93b3ac08a4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b2f7b823a21562eeca20e72b00"`);
    await queryRunner.query(`DROP TABLE "payments"`);
    await queryRunner.query(`DROP TYPE "public"."payment_status"`);
    await queryRunner.query(`DROP TYPE "public"."payment_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4a53c25c44132be27a2977fc1d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e35d7eb5572b5f9d93b1ff8cd9"`);
    await queryRunner.query(`DROP TABLE "order_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d824fdda499dfe405678ec8ef9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d1b208d267ac978ed7ff5f4fce"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3bc9d52e46d3837d0433762e47"`);
    await queryRunner.query(`DROP TABLE "orders"`);
    await queryRunner.query(`DROP TYPE "public"."order_status"`);
  }
}
