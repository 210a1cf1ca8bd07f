import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Column, Row } from '../feeds/feed';

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const fileList = (paths: string[]) => `[${paths.map(quote).join(', ')}]`;

export interface WrittenFile {
  rows: number;
  minEventTime: string | null;
  maxEventTime: string | null;
}

/**
 * DuckDB, in memory, as the Parquet writer and reader of the exporter's local files. The native library
 * is loaded with the first export, not at start: an idle exporter does not carry it.
 */
export class ParquetEngine {
  private connection?: DuckDBConnection;

  private async db(): Promise<DuckDBConnection> {
    if (!this.connection) {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
      this.connection = await instance.connect();
    }
    return this.connection;
  }

  /** Writes rows to a zstd Parquet file with exactly `columns`, typed and in that order. */
  async write(path: string, columns: Column[], rows: Row[]): Promise<WrittenFile> {
    const db = await this.db();
    await mkdir(dirname(path), { recursive: true });
    const json = `${path}.ndjson`;
    await writeFile(json, rows.map((row) => JSON.stringify(row)).join('\n'));
    const types = columns.map((column) => `${ident(column.name)}: ${quote(column.type)}`).join(', ');
    const select = columns.map((column) => ident(column.name)).join(', ');
    try {
      await db.run(
        `COPY (SELECT ${select} FROM read_json(${quote(json)}, format = 'newline_delimited', columns = {${types}}))
         TO ${quote(path)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    } finally {
      await rm(json, { force: true });
    }
    const summary = await db.runAndReadAll(
      `SELECT count(*)::INTEGER AS n,
        strftime(min(event_time), '%Y-%m-%dT%H:%M:%S.%gZ') AS lo,
        strftime(max(event_time), '%Y-%m-%dT%H:%M:%S.%gZ') AS hi
       FROM read_parquet(${quote(path)})`,
    );
    const [n, lo, hi] = summary.getRows()[0] as [number, string | null, string | null];
    return { rows: n, minEventTime: lo, maxEventTime: hi };
  }

  async eventIds(paths: string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const db = await this.db();
    const result = await db.runAndReadAll(`SELECT event_id FROM read_parquet(${fileList(paths)})`);
    return result.getRows().map(([id]) => String(id));
  }

  /**
   * Runs an aggregate's SQL with each source feed as a view over its files (every version, columns
   * matched by name), and writes the result to `path` as Parquet.
   */
  async aggregate(
    path: string,
    sources: Array<{ name: string; paths: string[]; columns: Column[] }>,
    columns: Column[],
    sql: string,
  ): Promise<WrittenFile> {
    const db = await this.db();
    await mkdir(dirname(path), { recursive: true });
    for (const source of sources) {
      const body =
        source.paths.length > 0
          ? `SELECT * FROM read_parquet(${fileList(source.paths)}, union_by_name = true)`
          : `SELECT ${source.columns.map((c) => `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`).join(', ')} WHERE false`;
      await db.run(`CREATE OR REPLACE TEMP VIEW ${ident(source.name)} AS ${body}`);
    }
    const select = columns.map(
      (column) => `CAST(${ident(column.name)} AS ${column.type}) AS ${ident(column.name)}`,
    );
    await db.run(
      `COPY (SELECT ${select.join(', ')} FROM (${sql})) TO ${quote(path)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    const count = await db.runAndReadAll(`SELECT count(*)::INTEGER FROM read_parquet(${quote(path)})`);
    return { rows: count.getRows()[0][0] as number, minEventTime: null, maxEventTime: null };
  }

  close(): void {
    this.connection?.closeSync();
    this.connection = undefined;
  }
}
