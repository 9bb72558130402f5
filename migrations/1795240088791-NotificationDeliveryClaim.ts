import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox delivery: a claim so two runs of one job cannot both send, and attachments (inline QR codes). */
export class NotificationDeliveryClaim1795240088791 implements MigrationInterface {
  name = 'NotificationDeliveryClaim1795240088791';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "attachments" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "claimed_until"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "attachments"`);
  }
}
