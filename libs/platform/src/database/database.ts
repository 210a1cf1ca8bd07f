import type { DataSource, DataSourceOptions } from 'typeorm';
import { CreateOutbox1700000000000, OutboxNotifyTrigger1700000000001 } from '../kafka/outbox.migration';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Constructor = Function;

export interface DatabaseOptions {
  url: string;
  /** The service's own Postgres schema: no other service reads it. */
  schema: string;
  migrations: Constructor[];
  poolSize?: number;
}

/** The service's schema must exist before TypeORM can put its migrations table in it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  // pg and TypeORM are loaded by the services that have a database, when they open it: the gateway
  // and the ws-gateway, which reach this file through the platform barrel, never load them.
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    // Repositories speak SQL through `Db` (database/sql.ts): TypeORM brings the pool, transactions
    // and migrations, and no entity is registered.
    entities: [],
    migrations: [CreateOutbox1700000000000, OutboxNotifyTrigger1700000000001, ...options.migrations],
    migrationsTableName: 'migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: options.poolSize ?? 10, application_name: `colink-${options.schema}` },
  };
}

/** A ready DataSource with its migrations applied: used by services at start and by tests. */
export async function openDataSource(options: DatabaseOptions): Promise<DataSource> {
  await ensureSchema(options.url, options.schema);
  const typeorm = await import('typeorm');
  const dataSource = new typeorm.DataSource(dataSourceOptions(options));
  await dataSource.initialize();
  return dataSource;
}
