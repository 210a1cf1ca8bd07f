import { MigrationInterface, QueryRunner } from 'typeorm';

function schemaOf(queryRunner: QueryRunner): string {
  return (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
}

/** The outbox and dedupe tables every service with a Postgres schema gets. */
export class CreateOutbox1700000000000 implements MigrationInterface {
  name = 'CreateOutbox1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}"."outbox" (
        "position" bigserial PRIMARY KEY,
        "id" uuid NOT NULL UNIQUE,
        "topic" text NOT NULL,
        "key" text NOT NULL,
        "value" jsonb NOT NULL,
        "headers" jsonb NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        "attempts" int NOT NULL DEFAULT 0,
        "last_error" text
      )`);
    await queryRunner.query(
      `CREATE INDEX "outbox_unsent" ON "${s}"."outbox" ("position") WHERE "sent_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}"."processed_events" (
        "consumer_group" text NOT NULL,
        "event_id" uuid NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("consumer_group", "event_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}"."processed_events"`);
    await queryRunner.query(`DROP TABLE "${s}"."outbox"`);
  }
}
