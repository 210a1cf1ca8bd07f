import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '../database/migration-schema';

/** The outbox and dedupe tables every service with a Postgres schema gets. */
export class CreateOutbox1700000000000 implements MigrationInterface {
  name = 'CreateOutbox1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
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
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}"."processed_events"`);
    await queryRunner.query(`DROP TABLE "${s}"."outbox"`);
  }
}

/**
 * Wakes the relay from the database itself: one NOTIFY per inserting statement, delivered at commit,
 * so enqueueing an event costs the caller one round trip (the insert) while its transaction holds locks.
 */
export class OutboxNotifyTrigger1700000000001 implements MigrationInterface {
  name = 'OutboxNotifyTrigger1700000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE FUNCTION "${s}"."outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "outbox_notify" AFTER INSERT ON "${s}"."outbox"
      FOR EACH STATEMENT EXECUTE FUNCTION "${s}"."outbox_notify"('colink_outbox_${s}')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TRIGGER "outbox_notify" ON "${s}"."outbox"`);
    await queryRunner.query(`DROP FUNCTION "${s}"."outbox_notify"()`);
  }
}
