import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

/** A per-channel membership version, bumped by every membership change (read-your-writes in messaging). */
export class MemberVersion1733900000000 implements MigrationInterface {
  name = 'MemberVersion1733900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(
      `ALTER TABLE "${s}"."channels" ADD COLUMN IF NOT EXISTS "member_version" bigint NOT NULL DEFAULT 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`ALTER TABLE "${s}"."channels" DROP COLUMN "member_version"`);
  }
}
