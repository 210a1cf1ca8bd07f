import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

/**
 * Membership rows keep the channel's membership version of their last change, and a removal stays
 * as a row (`removed`), so an older change arriving late never brings a removed member back.
 */
export class MemberVersion1733900000000 implements MigrationInterface {
  name = 'MemberVersion1733900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(
      `ALTER TABLE "${s}"."members" ADD COLUMN IF NOT EXISTS "version" bigint NOT NULL DEFAULT 0,
         ADD COLUMN IF NOT EXISTS "removed" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`ALTER TABLE "${s}"."members" DROP COLUMN "version", DROP COLUMN "removed"`);
  }
}
