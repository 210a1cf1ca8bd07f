import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

/**
 * `lifted_at`: when a ban with a duration ended by itself (the user re-enabled). `keycloak_events`:
 * the identity provider's events already audited, by their id (a poll that sees one twice adds nothing).
 */
export class BanExpiryAndSignInEvents1734300000000 implements MigrationInterface {
  name = 'BanExpiryAndSignInEvents1734300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`ALTER TABLE "${s}"."moderation_actions" ADD COLUMN "lifted_at" timestamptz`);
    await queryRunner.query(
      `CREATE INDEX "moderation_bans_due" ON "${s}"."moderation_actions" ("expires_at")
        WHERE "action" = 'ban' AND "expires_at" IS NOT NULL AND "lifted_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}"."keycloak_events" (
        "id" text PRIMARY KEY,
        "time" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "keycloak_events_time" ON "${s}"."keycloak_events" ("time")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}"."keycloak_events"`);
    await queryRunner.query(`DROP INDEX "${s}"."moderation_bans_due"`);
    await queryRunner.query(`ALTER TABLE "${s}"."moderation_actions" DROP COLUMN "lifted_at"`);
  }
}
