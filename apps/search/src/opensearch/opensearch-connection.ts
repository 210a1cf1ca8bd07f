import { Client, errors } from '@opensearch-project/opensearch';

/** OpenSearch did not answer (down, refused, timed out): callers answer 503 or retry later. */
export class OpenSearchUnavailable extends Error {
  constructor(cause: unknown) {
    super(`OpenSearch is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'OpenSearchUnavailable';
  }
}

/** OpenSearch answered with an error status. */
class OpenSearchRefused extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly errorType: string,
  ) {
    super(`OpenSearch answered ${status}: ${errorType}: ${reason}`);
    this.name = 'OpenSearchRefused';
  }
}

export interface RequestOptions {
  body?: unknown;
  bulkBody?: unknown[];
  querystring?: Record<string, string | number | boolean>;
  /** Statuses answered as a value instead of thrown (e.g. 404 for an existence check). */
  ignore?: number[];
  timeoutMs?: number;
}

export interface OpenSearchAnswer<T> {
  status: number;
  body: T;
}

/**
 * The one OpenSearch client of the service (`@opensearch-project/opensearch`), reduced to a typed
 * request: failures to reach the cluster become `OpenSearchUnavailable`, error statuses
 * `OpenSearchRefused`. Repositories build the request bodies.
 */
export class OpenSearchConnection {
  private readonly client: Client;

  constructor(
    url: string,
    private readonly defaultTimeoutMs: number,
  ) {
    // No client-side retries: the indexer retries whole bulks with backoff, and a query answers 503 at once.
    this.client = new Client({ node: url, maxRetries: 0, requestTimeout: defaultTimeoutMs });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<OpenSearchAnswer<T>> {
    try {
      const response = await this.client.transport.request(
        {
          method,
          path,
          body: options.body as Record<string, unknown> | undefined,
          bulkBody: options.bulkBody as Record<string, unknown>[] | undefined,
          querystring: options.querystring,
        },
        {
          ignore: options.ignore,
          requestTimeout: options.timeoutMs ?? this.defaultTimeoutMs,
          maxRetries: 0,
        },
      );
      return { status: response.statusCode ?? 0, body: response.body as T };
    } catch (error) {
      if (error instanceof errors.ResponseError) {
        const body = error.body as { error?: { type?: string; reason?: string } | string } | undefined;
        const detail = typeof body?.error === 'object' ? body.error : undefined;
        const status = error.statusCode ?? 500;
        if (status === 502 || status === 503 || status === 504 || status === 429)
          throw new OpenSearchUnavailable(error);
        throw new OpenSearchRefused(
          status,
          detail?.reason ?? (typeof body?.error === 'string' ? body.error : error.message),
          detail?.type ?? 'unknown',
        );
      }
      throw new OpenSearchUnavailable(error);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
