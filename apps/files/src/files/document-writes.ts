/**
 * Runs the writes to one document one after another, in the order they were asked for; writes to
 * different documents still run at once. FerretDB 1.x (the local stack's and compose's MongoDB-wire
 * server) applies an update by reading the document and writing all of it back, with nothing
 * between the two: two updates of one file at once keep only one of them (a scan's verdict undone by
 * the relay clearing published events, the file left `pending` under a 5-minute lease). MongoDB and
 * DocumentDB apply single-document updates atomically; this makes one files process safe on all three.
 */
export class DocumentWrites {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(id: string, write: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(id) ?? Promise.resolve()).then(write);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(id, tail);
    void tail.then(() => {
      if (this.tails.get(id) === tail) this.tails.delete(id);
    });
    return result;
  }

  /** Documents with a write queued or running (0 when idle: nothing is kept per document). */
  get busy(): number {
    return this.tails.size;
  }
}
