import { ColumnType } from './feed';
import { AGGREGATES, FEEDS } from './feed-registry';

const GLUE_TYPES: Record<ColumnType, string> = {
  VARCHAR: 'string',
  BIGINT: 'bigint',
  INTEGER: 'int',
  BOOLEAN: 'boolean',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  'VARCHAR[]': 'array<string>',
};

export interface GlueTable {
  /** Glue table name: `<feed>_v<version>`. */
  table: string;
  /** Key prefix under the exporter's BI_PREFIX: `<feed>/v<version>`. */
  path: string;
  description: string;
  columns: Array<{ name: string; type: string; comment: string }>;
}

/**
 * Every feed version and aggregate as a Glue table: what terraform/modules/bi_catalog/tables.json
 * holds (written by apps/bi-exporter/tools/write-glue-tables.mjs, checked by glue-catalog.spec.ts).
 */
export function glueTables(): GlueTable[] {
  const columns = (list: Array<{ name: string; type: ColumnType; description: string }>) =>
    list.map((column) => ({ name: column.name, type: GLUE_TYPES[column.type], comment: column.description }));
  return [
    ...FEEDS.flatMap((feed) =>
      feed.versions.map((version) => ({
        table: `${feed.name}_v${version.version}`,
        path: `${feed.name}/v${version.version}`,
        description: `${feed.description} (schema version ${version.version})`,
        columns: columns(version.columns),
      })),
    ),
    ...AGGREGATES.map((aggregate) => ({
      table: `${aggregate.name}_v${aggregate.version}`,
      path: `${aggregate.name}/v${aggregate.version}`,
      description: aggregate.description,
      columns: columns(aggregate.columns),
    })),
  ];
}
