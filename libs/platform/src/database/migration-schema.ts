import type { QueryRunner } from 'typeorm';

/** The service's own schema, for migrations that name their tables explicitly. */
export function migrationSchema(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('migrations run in a service schema: set `schema` in the data source options');
  return schema;
}
