import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

/** Messages with their per-channel seq, edits and reactions, and the projections messaging reads. */
export class CreateMessaging1733200000000 implements MigrationInterface {
  name = 'CreateMessaging1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    // From channel.* events; `last_seq` is the per-channel counter, bumped in the insert transaction.
    await queryRunner.query(`
      CREATE TABLE "${s}"."channels" (
        "id" uuid PRIMARY KEY,
        "type" text NOT NULL,
        "archived_at" timestamptz,
        "last_seq" bigint NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}"."members" (
        "channel_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "role" text NOT NULL,
        PRIMARY KEY ("channel_id", "user_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}"."known_users" (
        "id" uuid PRIMARY KEY,
        "username" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "known_users_username" ON "${s}"."known_users" ("username")`);
    await queryRunner.query(`
      CREATE TABLE "${s}"."files" (
        "id" uuid PRIMARY KEY,
        "channel_id" uuid NOT NULL,
        "uploader_id" uuid NOT NULL,
        "filename" text NOT NULL,
        "content_type" text NOT NULL,
        "size_bytes" bigint NOT NULL,
        "scan_status" text NOT NULL DEFAULT 'pending'
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}"."messages" (
        "id" uuid PRIMARY KEY,
        "channel_id" uuid NOT NULL,
        "seq" bigint NOT NULL,
        "user_id" uuid NOT NULL,
        "content" text NOT NULL,
        "thread_root_id" uuid REFERENCES "${s}"."messages" ("id"),
        "also_send_to_channel" boolean NOT NULL DEFAULT false,
        "reply_count" int NOT NULL DEFAULT 0,
        "last_reply_at" timestamptz,
        "mentions" uuid[] NOT NULL DEFAULT '{}',
        "mentions_channel" boolean NOT NULL DEFAULT false,
        "mentions_here" boolean NOT NULL DEFAULT false,
        "files" jsonb NOT NULL DEFAULT '[]',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "edited_at" timestamptz,
        "deleted_at" timestamptz,
        "deleted_by" uuid,
        UNIQUE ("channel_id", "seq")
      )`);
    await queryRunner.query(
      `CREATE INDEX "messages_thread" ON "${s}"."messages" ("thread_root_id", "seq") WHERE "thread_root_id" IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}"."message_edits" (
        "id" bigserial PRIMARY KEY,
        "message_id" uuid NOT NULL REFERENCES "${s}"."messages" ("id"),
        "content" text NOT NULL,
        "created_at" timestamptz NOT NULL,
        "replaced_at" timestamptz NOT NULL DEFAULT now(),
        "edited_by" uuid NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "message_edits_message" ON "${s}"."message_edits" ("message_id", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}"."reactions" (
        "message_id" uuid NOT NULL REFERENCES "${s}"."messages" ("id"),
        "emoji" text NOT NULL,
        "user_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY ("message_id", "emoji", "user_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    for (const table of [
      'reactions',
      'message_edits',
      'messages',
      'files',
      'known_users',
      'members',
      'channels',
    ])
      await queryRunner.query(`DROP TABLE "${s}"."${table}"`);
  }
}
