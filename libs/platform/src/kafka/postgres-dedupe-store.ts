import { DataSource, EntityManager } from 'typeorm';
import { DedupeStore } from './dedupe-store';
import { ProcessedEventEntity } from './processed-event.entity';

/** The handler's effects and the `(group, event id)` row commit in one transaction: exactly-once effects. */
export class PostgresDedupeStore implements DedupeStore {
  constructor(private readonly dataSource: DataSource) {}

  runOnce(
    groupId: string,
    eventId: string,
    apply: (manager: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ProcessedEventEntity)
        .values({ consumerGroup: groupId, eventId })
        .orIgnore()
        .returning(['event_id'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return false;
      await apply(manager);
      return true;
    });
  }
}
