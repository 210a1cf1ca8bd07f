/**
 * Where everything lives under the bucket's prefix. A feed version is a folder of its own, so a new
 * schema version never mixes with the files of an older one and old days stay readable as written:
 *
 *   <prefix>/<feed>/v<version>/dt=YYYY-MM-DD/part-<batch>.parquet   committed data (what readers read)
 *   <prefix>/<feed>/v<version>/dt=YYYY-MM-DD/_manifest.json         the commit record of the day
 *   <prefix>/_staging/<feed>/v<version>/dt=YYYY-MM-DD/part-<batch>.parquet   written, not yet committed
 *   <prefix>/_catalog.json                                          feeds, versions and columns
 *
 * Names starting with `_` are hidden from Athena and Hive readers and do not match `part-*.parquet`.
 */
export class FeedLayout {
  constructor(readonly prefix: string) {}

  versionPrefix(feed: string, version: number): string {
    return `${this.prefix}/${feed}/v${version}/`;
  }

  feedPrefix(feed: string): string {
    return `${this.prefix}/${feed}/`;
  }

  dayPrefix(feed: string, version: number, day: string): string {
    return `${this.versionPrefix(feed, version)}dt=${day}/`;
  }

  manifestKey(feed: string, version: number, day: string): string {
    return `${this.dayPrefix(feed, version, day)}_manifest.json`;
  }

  partKey(feed: string, version: number, day: string, batch: string): string {
    return `${this.dayPrefix(feed, version, day)}part-${batch}-v${version}.parquet`;
  }

  get stagingPrefix(): string {
    return `${this.prefix}/_staging/`;
  }

  stagingKey(finalKey: string): string {
    return `${this.stagingPrefix}${finalKey.slice(this.prefix.length + 1)}`;
  }

  finalKeyOfStaging(stagingKey: string): string {
    return `${this.prefix}/${stagingKey.slice(this.stagingPrefix.length)}`;
  }

  /** The feed, version and day of a data or manifest key. */
  parse(key: string): { feed: string; version: number; day: string } | undefined {
    const rest = key.startsWith(`${this.prefix}/`) ? key.slice(this.prefix.length + 1) : undefined;
    const match = rest?.match(/^([a-z_]+)\/v(\d+)\/dt=(\d{4}-\d{2}-\d{2})\//);
    return match ? { feed: match[1], version: Number(match[2]), day: match[3] } : undefined;
  }

  get catalogKey(): string {
    return `${this.prefix}/_catalog.json`;
  }
}

/** The UTC date of an ISO time, the day partition of a row. */
export function dayOf(isoTime: string): string {
  return new Date(isoTime).toISOString().slice(0, 10);
}
