import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

/**
 * Mutes from `moderation.action`: one row per user and scope (a channel, or '' for everywhere);
 * a mute without an expiry lasts until unmute.
 */
export class Mutes1734100000000 implements MigrationInterface {
  name = 'Mutes1734100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS "${s}"."mutes" (
        "user_id" uuid NOT NULL,
        "scope" text NOT NULL,
        "expires_at" timestamptz,
        "action_id" uuid NOT NULL,
        PRIMARY KEY ("user_id", "scope")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}"."mutes"`);
  }
}
