import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

/**
 * A statement may stamp the revs of the changes it writes itself: the group insert of top-level posts
 * moves each channel's `last_rev` once by its number of posts, in the same `UPDATE` that moves
 * `last_seq`, and writes the stamped envelopes to `channel_changes` in one `INSERT … SELECT`, instead
 * of the trigger updating the channel row, rewriting the envelope and inserting its change once per
 * event. The trigger now fires only for an event that comes without a rev, so every other write path
 * is stamped as before and none can forget it. The channel row is locked by that `UPDATE` until
 * commit either way: the changes of a channel still commit in `rev` order, with no gaps and no repeats.
 */
export class StatementRevs1734500000000 implements MigrationInterface {
  name = 'StatementRevs1734500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "outbox_channel_rev" ON "${s}"."outbox"`);
    await queryRunner.query(`
      CREATE TRIGGER "outbox_channel_rev" BEFORE INSERT ON "${s}"."outbox"
        FOR EACH ROW WHEN (jsonb_typeof(NEW.value -> 'rev') IS DISTINCT FROM 'number')
        EXECUTE FUNCTION "${s}"."stamp_channel_rev"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TRIGGER IF EXISTS "outbox_channel_rev" ON "${s}"."outbox"`);
    await queryRunner.query(`
      CREATE TRIGGER "outbox_channel_rev" BEFORE INSERT ON "${s}"."outbox"
        FOR EACH ROW EXECUTE FUNCTION "${s}"."stamp_channel_rev"()`);
  }
}
