import { MigrationInterface, QueryRunner } from 'typeorm';

export class RefundAttempts1796083465631 implements MigrationInterface {
  name = 'RefundAttempts1796083465631';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" ADD "attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "payments" ADD "last_error" character varying(500)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "last_error"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "attempts"`);
  }
}
