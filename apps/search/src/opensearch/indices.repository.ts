import { Logger } from '@nestjs/common';
import {
  INDEX_KINDS,
  MAPPINGS,
  IndexKind,
  SCHEMA_VERSION,
  aliasOf,
  indexNameOf,
  templateOf,
} from './index-definitions';
import { OpenSearchConnection } from './opensearch-connection';

type AliasAnswer = Record<string, { aliases: Record<string, unknown> }>;

/** Index templates, versioned indices and their aliases. */
export class IndicesRepository {
  private readonly logger = new Logger(IndicesRepository.name);
  private ensured?: Promise<void>;

  constructor(
    private readonly os: OpenSearchConnection,
    readonly prefix: string,
    private readonly replicas = 0,
    /** A rebuild's stamp: writes go to `indexNameOf(prefix, kind, stamp)`, created beside the live ones. */
    private readonly stamp?: string,
  ) {}

  alias(kind: IndexKind): string {
    return aliasOf(this.prefix, kind);
  }

  /** Where documents are written: the alias, or during a rebuild the new index. */
  writeTarget(kind: IndexKind): string {
    return this.stamp ? indexNameOf(this.prefix, kind, this.stamp) : this.alias(kind);
  }

  /**
   * Puts the templates and, for a kind with no alias yet, creates its first index behind the alias.
   * Remembered once it succeeds; a failure (OpenSearch down) is retried by the next caller.
   */
  ensure(): Promise<void> {
    this.ensured ??= this.ensureAll().catch((error: unknown) => {
      this.ensured = undefined;
      throw error;
    });
    return this.ensured;
  }

  private async ensureAll(): Promise<void> {
    for (const kind of INDEX_KINDS) {
      await this.putTemplate(kind);
      if (this.stamp) {
        await this.createIndex(kind, indexNameOf(this.prefix, kind, this.stamp), false);
        continue;
      }
      const current = await this.indicesOf(kind);
      if (current.length > 0) {
        await this.addNewFields(kind, current[0]);
        await this.warnIfOutdated(kind, current[0]);
        continue;
      }
      await this.createIndex(kind, indexNameOf(this.prefix, kind, 0), true);
    }
  }

  private async putTemplate(kind: IndexKind): Promise<void> {
    await this.os.request('PUT', `/_index_template/${this.alias(kind)}`, {
      body: templateOf(this.prefix, kind, this.replicas),
    });
  }

  /** The indices the alias points at now (one, except for an instant during a swap). */
  private async indicesOf(kind: IndexKind): Promise<string[]> {
    const answer = await this.os.request<AliasAnswer>('GET', `/_alias/${this.alias(kind)}`, {
      ignore: [404],
    });
    return answer.status === 404 ? [] : Object.keys(answer.body);
  }

  /** Creates an index from the template; with `behindAlias` it becomes the alias's index at once. */
  private async createIndex(kind: IndexKind, name: string, behindAlias: boolean): Promise<void> {
    const body = behindAlias ? { aliases: { [this.alias(kind)]: { is_write_index: true } } } : {};
    const answer = await this.os.request<{ error?: { type?: string } }>('PUT', `/${name}`, {
      body,
      ignore: [400],
    });
    if (answer.status === 400 && answer.body.error?.type !== 'resource_already_exists_exception')
      throw new Error(`creating ${name} failed: ${JSON.stringify(answer.body)}`);
  }

  /** Points the alias at `target` and away from every other index, in one atomic step. */
  async swapAlias(kind: IndexKind, target: string): Promise<string[]> {
    const previous = (await this.indicesOf(kind)).filter((name) => name !== target);
    await this.os.request('POST', '/_aliases', {
      body: {
        actions: [
          ...previous.map((index) => ({ remove: { index, alias: this.alias(kind) } })),
          { add: { index: target, alias: this.alias(kind), is_write_index: true } },
        ],
      },
    });
    return previous;
  }

  async refresh(target: string): Promise<void> {
    await this.os.request('POST', `/${target}/_refresh`);
  }

  async count(target: string): Promise<number> {
    const answer = await this.os.request<{ count: number }>('GET', `/${target}/_count`);
    return answer.body.count;
  }

  async deleteIndex(name: string): Promise<void> {
    await this.os.request('DELETE', `/${name}`, { ignore: [404] });
  }

  /**
   * A field added to the mappings (a compatible change) is added to the live index in place, so a
   * newer service can write it at once; changing an existing field's type still needs a reindex.
   */
  private async addNewFields(kind: IndexKind, index: string): Promise<void> {
    await this.os.request('PUT', `/${index}/_mapping`, { body: { properties: MAPPINGS[kind] } });
  }

  private async warnIfOutdated(kind: IndexKind, index: string): Promise<void> {
    const answer = await this.os.request<
      Record<string, { mappings?: { _meta?: { schema_version?: number } } }>
    >('GET', `/${index}/_mapping`);
    const version = answer.body[index]?.mappings?._meta?.schema_version;
    if (version !== SCHEMA_VERSION)
      this.logger.warn(
        { index, kind, schema_version: version, expected: SCHEMA_VERSION },
        'index mapping is outdated: run tools/colink reindex',
      );
  }
}
