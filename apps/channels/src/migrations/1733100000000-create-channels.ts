import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

/** Channels, members with read markers, and the projections fed by message and user events. */
export class CreateChannels1733100000000 implements MigrationInterface {
  name = 'CreateChannels1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}"."channels" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "type" text NOT NULL CHECK ("type" IN ('public', 'private', 'dm')),
        "created_by" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "archived_at" timestamptz,
        "member_count" int NOT NULL DEFAULT 0,
        "last_seq" bigint NOT NULL DEFAULT 0,
        "dm_key" text UNIQUE
      )`);
    // Names are unique among channels; a DM's generated name is not a channel name.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "channels_name" ON "${s}"."channels" ("name") WHERE "type" <> 'dm'`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}"."members" (
        "channel_id" uuid NOT NULL REFERENCES "${s}"."channels" ("id"),
        "user_id" uuid NOT NULL,
        "role" text NOT NULL CHECK ("role" IN ('owner', 'admin', 'member')),
        "joined_at" timestamptz NOT NULL DEFAULT now(),
        "last_read_seq" bigint NOT NULL DEFAULT 0,
        PRIMARY KEY ("channel_id", "user_id")
      )`);
    await queryRunner.query(`CREATE INDEX "members_user" ON "${s}"."members" ("user_id")`);
    // One row per message seq, from message.* events: what unread and mention counts are counted from.
    await queryRunner.query(`
      CREATE TABLE "${s}"."message_marks" (
        "channel_id" uuid NOT NULL,
        "seq" bigint NOT NULL,
        "message_id" uuid NOT NULL UNIQUE,
        "user_id" uuid NOT NULL,
        "in_history" boolean NOT NULL,
        "mentions" uuid[] NOT NULL DEFAULT '{}',
        "mentions_all" boolean NOT NULL DEFAULT false,
        "deleted" boolean NOT NULL DEFAULT false,
        PRIMARY KEY ("channel_id", "seq")
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}"."known_users" (
        "id" uuid PRIMARY KEY,
        "username" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    for (const table of ['known_users', 'message_marks', 'members', 'channels'])
      await queryRunner.query(`DROP TABLE "${s}"."${table}"`);
  }
}
