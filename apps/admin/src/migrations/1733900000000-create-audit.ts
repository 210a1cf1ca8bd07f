import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

/**
 * The audit log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained
 * (each entry carries the hash of the one before it, in `seq` order), so tampering below the API
 * shows when the chain is walked.
 */
export class CreateAudit1733900000000 implements MigrationInterface {
  name = 'CreateAudit1733900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}"."audit_entries" (
        "id" uuid PRIMARY KEY,
        "seq" bigint NOT NULL UNIQUE,
        "occurred_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" uuid,
        "action" text NOT NULL,
        "resource_type" text NOT NULL,
        "resource_id" text,
        "request_id" text,
        "trace_id" text,
        "details" jsonb NOT NULL DEFAULT '{}',
        "prev_hash" char(64) NOT NULL,
        "hash" char(64) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "audit_actor" ON "${s}"."audit_entries" ("actor_id", "seq")`);
    await queryRunner.query(`CREATE INDEX "audit_action" ON "${s}"."audit_entries" ("action", "seq")`);
    await queryRunner.query(
      `CREATE INDEX "audit_resource" ON "${s}"."audit_entries" ("resource_type", "seq")`,
    );
    await queryRunner.query(`CREATE INDEX "audit_occurred" ON "${s}"."audit_entries" ("occurred_at")`);
    await queryRunner.query(`
      CREATE FUNCTION "${s}"."audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_entries_append_only" BEFORE UPDATE OR DELETE ON "${s}"."audit_entries"
        FOR EACH ROW EXECUTE FUNCTION "${s}"."audit_entries_append_only"()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "${s}"."audit_entries"
        FOR EACH STATEMENT EXECUTE FUNCTION "${s}"."audit_entries_append_only"()`);
    await queryRunner.query(`
      CREATE TABLE "${s}"."moderation_actions" (
        "id" uuid PRIMARY KEY,
        "action" text NOT NULL CHECK ("action" IN ('warn', 'mute', 'kick', 'ban', 'unmute', 'unban')),
        "target_user_id" uuid NOT NULL,
        "channel_id" uuid,
        "moderator_id" uuid NOT NULL,
        "reason" text NOT NULL,
        "duration_s" int,
        "expires_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "moderation_target" ON "${s}"."moderation_actions" ("target_user_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "moderation_created" ON "${s}"."moderation_actions" ("created_at" DESC, "id" DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}"."moderation_actions"`);
    await queryRunner.query(`DROP TABLE "${s}"."audit_entries"`);
    await queryRunner.query(`DROP FUNCTION "${s}"."audit_entries_append_only"()`);
  }
}
