import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

export class CreateUsers1733000000000 implements MigrationInterface {
  name = 'CreateUsers1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    // pg_trgm is a trusted extension: the database owner may create it. It powers the fuzzy directory.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
    await queryRunner.query(`
      CREATE TABLE "${s}"."users" (
        "id" uuid PRIMARY KEY,
        "username" text NOT NULL,
        "email" text,
        "display_name" text NOT NULL,
        "avatar_url" text,
        "roles" text[] NOT NULL DEFAULT '{}',
        "status_text" text,
        "status_emoji" text,
        "status_expiry" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "users_username" ON "${s}"."users" (lower("username"))`);
    await queryRunner.query(
      `CREATE INDEX "users_username_trgm" ON "${s}"."users" USING gin (lower("username") public.gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_display_name_trgm" ON "${s}"."users" USING gin (lower("display_name") public.gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}"."users"`);
  }
}
