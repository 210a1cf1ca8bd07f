import { MigrationInterface, QueryRunner } from 'typeorm';
import { CHANNEL_CHANGE_TOPICS } from '@colink/contracts';
import { migrationSchema } from '@colink/platform';

/**
 * Change numbers (`rev`): every change event written to the outbox takes its channel's next `rev` in
 * a trigger, so no write path can forget it. The counter row stays locked until commit, so the
 * changes of one channel commit in `rev` order, and a rolled-back change gives its number back: no
 * gaps, no repeats. The stamped envelope is kept in `channel_changes` for `sync` and `/changes`, as
 * long as the history.
 */
export class ChannelChanges1734300000000 implements MigrationInterface {
  name = 'ChannelChanges1734300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    const topics = CHANNEL_CHANGE_TOPICS.map((topic) => `'${topic}'`).join(', ');
    await queryRunner.query(
      `ALTER TABLE "${s}"."channels" ADD COLUMN IF NOT EXISTS "last_rev" bigint NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS "${s}"."channel_changes" (
        "channel_id" uuid NOT NULL,
        "rev" bigint NOT NULL,
        "envelope" jsonb NOT NULL,
        PRIMARY KEY ("channel_id", "rev")
      )`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "${s}"."stamp_channel_rev"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        channel uuid := (NEW.value -> 'data' ->> 'channel_id')::uuid;
        next_rev bigint;
      BEGIN
        IF NEW.topic NOT IN (${topics}) THEN
          RETURN NEW;
        END IF;
        UPDATE "${s}"."channels" SET last_rev = last_rev + 1 WHERE id = channel RETURNING last_rev INTO next_rev;
        IF next_rev IS NULL THEN
          RAISE EXCEPTION 'a % event names channel %, which messaging does not know', NEW.topic, channel;
        END IF;
        NEW.value := jsonb_set(NEW.value, '{rev}', to_jsonb(next_rev));
        INSERT INTO "${s}"."channel_changes" (channel_id, rev, envelope) VALUES (channel, next_rev, NEW.value);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "outbox_channel_rev" ON "${s}"."outbox"`);
    await queryRunner.query(`
      CREATE TRIGGER "outbox_channel_rev" BEFORE INSERT ON "${s}"."outbox"
        FOR EACH ROW EXECUTE FUNCTION "${s}"."stamp_channel_rev"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "outbox_channel_rev" ON "${s}"."outbox"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS "${s}"."stamp_channel_rev"()`);
    await queryRunner.query(`DROP TABLE IF EXISTS "${s}"."channel_changes"`);
    await queryRunner.query(`ALTER TABLE "${s}"."channels" DROP COLUMN IF EXISTS "last_rev"`);
  }
}
