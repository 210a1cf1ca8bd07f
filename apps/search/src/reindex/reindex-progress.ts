import type { KafkaAdmin as Admin } from '@colink/platform';

export type Offsets = Map<string, bigint>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How far a consumer group has committed, against the topics' end offsets at some moment. */
export class ReindexProgress {
  constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly topics: string[],
  ) {}

  /** The end offset of every partition, keyed `topic:partition`. */
  async endOffsets(): Promise<Offsets> {
    const ends: Offsets = new Map();
    for (const topic of this.topics)
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic))
        ends.set(`${topic}:${partition}`, BigInt(high));
    return ends;
  }

  total(target: Offsets): bigint {
    let sum = 0n;
    for (const end of target.values()) sum += end;
    return sum;
  }

  /**
   * Waits until the group has committed (so written) every partition up to `target`. Gives up on
   * partitions that make no progress for `stallMs` (records at a partition's tail that were
   * dead-lettered are never committed on their own) and returns them.
   */
  async waitUntilCommitted(
    target: Offsets,
    report: (done: bigint) => void,
    stallMs = 30_000,
    everyMs = 1000,
  ): Promise<string[]> {
    let lastReport = 0;
    let lastDone = -1n;
    let lastMove = Date.now();
    for (;;) {
      const committed = await this.committed();
      const behind: string[] = [];
      let done = 0n;
      for (const [key, end] of target) {
        const at = committed.get(key) ?? 0n;
        done += at < end ? at : end;
        if (at < end) behind.push(`${key} at ${at} of ${end}`);
      }
      if (behind.length === 0) return [];
      if (done !== lastDone) {
        lastDone = done;
        lastMove = Date.now();
      } else if (Date.now() - lastMove > stallMs) return behind;
      if (Date.now() - lastReport > 5000) {
        report(done);
        lastReport = Date.now();
      }
      await sleep(everyMs);
    }
  }

  private async committed(): Promise<Offsets> {
    const result: Offsets = new Map();
    for (const { topic, partitions } of await this.admin.fetchOffsets({
      groupId: this.groupId,
      topics: this.topics,
    }))
      for (const { partition, offset } of partitions)
        result.set(`${topic}:${partition}`, BigInt(offset) < 0n ? 0n : BigInt(offset));
    return result;
  }
}
