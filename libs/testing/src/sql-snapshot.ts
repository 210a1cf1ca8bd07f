import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { format } from 'sql-formatter';

/**
 * What a snapshot needs of the platform's `Db` (structurally, so this library does not depend on the
 * platform, whose own tests depend on it): the hook that sees every statement, and its connection.
 */
export interface ObservableDb {
  observe(observer: ((sql: string) => void) | undefined): void;
  readonly dataSource: { query(sql: string): Promise<unknown>; destroy(): Promise<void> };
}

interface Tracked {
  className: string;
  methods: string[];
  sqlFile: string;
  /** Every method that ran, directly or from another method of the class. */
  called: Set<string>;
  /** The methods the test called itself: each must issue SQL. */
  driven: Set<string>;
}

const WORKSPACE = resolve(__dirname, '../../..');
const WRITE = process.env.COLINK_SQL_SNAPSHOTS === 'write';
/** A repository that reaches PostgreSQL: it takes the platform's `Db`. */
const USES_DB = /import \{[^}]*\bDb\b[^}]*\} from '@colink\/platform'/;

/**
 * A snapshot of the SQL a service's repositories issue, as immich keeps `server/src/queries/*.sql`:
 * each repository method runs once (or once per branch) against the real PostgreSQL, in a schema of
 * its own made by the service's migrations; the statements `Db` sees are formatted and compared with
 * the `<name>.repository.sql` committed beside the repository. `tools/colink sql-snapshots` writes
 * them instead (`COLINK_SQL_SNAPSHOTS=write`).
 */
export class SqlSnapshot<D extends ObservableDb> {
  private readonly label = new AsyncLocalStorage<string>();
  private readonly statements = new Map<string, string[]>();
  private readonly tracked: Tracked[] = [];

  private constructor(
    readonly db: D,
    /** The run's own schema (dropped by `close`). */
    readonly schema: string,
    private readonly service: string,
  ) {
    db.observe((sql) => this.record(sql));
  }

  /**
   * Opens the service's database in a new schema (`open` runs the service's migrations in it); the
   * SQL is written as if in the service's own schema, `service`.
   */
  static async open<D extends ObservableDb>(
    service: string,
    open: (schema: string) => Promise<D>,
  ): Promise<SqlSnapshot<D>> {
    const schema = `sqlsnap_${service}_${randomBytes(4).toString('hex')}`;
    return new SqlSnapshot(await open(schema), schema, service);
  }

  /**
   * Records what every method of `repository` issues, under `Class.method` (a method called from
   * another one counts as part of the caller). `source` is the repository's file: the SQL goes beside it.
   */
  track<T extends object>(repository: T, source: string): T {
    if (!source.endsWith('.repository.ts') || !existsSync(source))
      throw new Error(`${source} is not a repository file`);
    const prototype = Object.getPrototypeOf(repository) as Record<string, unknown>;
    const className = (prototype.constructor as { name: string }).name;
    const methods = Object.getOwnPropertyNames(prototype).filter(
      (name) => name !== 'constructor' && typeof prototype[name] === 'function',
    );
    const entry: Tracked = {
      className,
      methods,
      sqlFile: source.replace(/\.ts$/, '.sql'),
      called: new Set(),
      driven: new Set(),
    };
    this.tracked.push(entry);
    const target = repository as Record<string, unknown>;
    for (const name of methods) {
      const method = prototype[name] as (...args: unknown[]) => unknown;
      // `transaction` only opens one: what runs inside it is labelled by the methods it calls.
      const transparent = name === 'transaction';
      target[name] = (...args: unknown[]) => {
        entry.called.add(name);
        if (transparent || this.label.getStore() !== undefined) return method.apply(repository, args);
        entry.driven.add(name);
        return this.label.run(`${className}.${name}`, () => method.apply(repository, args));
      };
    }
    return repository;
  }

  /**
   * Fails unless every method ran and each `.repository.sql` under `root` (the service's `src`) says
   * what its repository issued; in write mode, writes them instead.
   */
  verify(root: string): void {
    for (const entry of this.tracked) {
      const uncalled = entry.methods.filter((name) => !entry.called.has(name));
      const silent = [...entry.driven].filter(
        (name) => name !== 'transaction' && !this.statements.has(`${entry.className}.${name}`),
      );
      if (uncalled.length || silent.length)
        throw new Error(
          `${entry.className}: the snapshot test must run every method, each issuing SQL; ` +
            `not run: [${uncalled.join(', ')}], no SQL: [${silent.join(', ')}]`,
        );
      const generated = this.render(entry);
      // A repository that issues nothing of its own (it only opens transactions) has no file.
      if (generated === null) continue;
      const file = relative(WORKSPACE, entry.sqlFile);
      if (WRITE) {
        writeFileSync(entry.sqlFile, generated);
        continue;
      }
      const committed = existsSync(entry.sqlFile) ? readFileSync(entry.sqlFile, 'utf8') : '';
      try {
        expect(generated).toEqual(committed);
      } catch (error) {
        (error as Error).message =
          `${file} is not the SQL ${entry.className} issues: run \`tools/colink sql-snapshots\`, ` +
          `review the change and commit it.\n${(error as Error).message}`;
        throw error;
      }
    }
    const tracked = new Set(this.tracked.map((entry) => entry.sqlFile.replace(/\.sql$/, '.ts')));
    const untracked = files(root, '.repository.ts').filter(
      (file) => !tracked.has(file) && USES_DB.test(readFileSync(file, 'utf8')),
    );
    if (untracked.length)
      throw new Error(
        `PostgreSQL repositories the snapshot test does not run: ${untracked.map((f) => relative(WORKSPACE, f)).join(', ')}`,
      );
    const expected = new Set(
      this.tracked.filter((entry) => this.render(entry) !== null).map((entry) => entry.sqlFile),
    );
    const stale = files(root, '.repository.sql').filter((file) => !expected.has(file));
    if (stale.length)
      throw new Error(`no repository is tracked for ${stale.map((f) => relative(WORKSPACE, f)).join(', ')}`);
  }

  /** Drops the schema of the run. */
  async close(): Promise<void> {
    this.db.observe(undefined);
    await this.db.dataSource.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.db.dataSource.destroy();
  }

  private record(sql: string): void {
    const label = this.label.getStore();
    if (label === undefined) return;
    const statement = this.normalise(sql, label);
    const list = this.statements.get(label) ?? [];
    if (!list.includes(statement)) list.push(statement);
    this.statements.set(label, list);
  }

  private normalise(sql: string, label: string): string {
    const own = sql.split(`"${this.schema}"`).join(`"${this.service}"`);
    try {
      return format(own, { language: 'postgresql', keywordCase: 'preserve' });
    } catch (error) {
      throw new Error(`${label}: sql-formatter cannot read ${own}: ${(error as Error).message}`);
    }
  }

  private render(entry: Tracked): string | null {
    const blocks = entry.methods
      .map((name) => [name, this.statements.get(`${entry.className}.${name}`)] as const)
      .filter((pair): pair is readonly [string, string[]] => pair[1] !== undefined)
      .map(
        ([name, statements]) =>
          `-- ${entry.className}.${name}\n${statements.map((statement) => `${statement};`).join('\n\n')}`,
      );
    if (blocks.length === 0) return null;
    return [
      `-- The SQL ${entry.className} issues, one block per method (each branch it took once), as run against`,
      `-- PostgreSQL. Generated: do not edit. \`tools/colink sql-snapshots\` rewrites it; the service's`,
      `-- integration tests fail when it is out of date.`,
      '',
      blocks.join('\n\n'),
      '',
    ].join('\n');
  }
}

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const path = join(dir, item.name);
    if (item.isDirectory()) return files(path, suffix);
    return item.name.endsWith(suffix) ? [path] : [];
  });
}
